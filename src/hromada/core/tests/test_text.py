"""visible_length(): the kernel's one measure of how much text a reader sees, behind every minimum length."""

import pytest

from hromada.core.text import is_blank, visible_length

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u0301\u0308\u20dd \t\n\u00a0\u3000\u3164\u2800\u202e\u00ad"


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_invisible_characters_count_nothing(char):
    assert visible_length(char * 30) == 0 and is_blank(char * 30)


def test_visible_characters_count_once_each_with_their_marks():
    assert visible_length("Київ") == 4
    assert visible_length("e\u0301\u200bé") == 2  # a combining accent decorates its letter, it is not a letter
    assert visible_length("a b\u200bc") == 3
    assert visible_length(None) == 0 and not is_blank("·")
