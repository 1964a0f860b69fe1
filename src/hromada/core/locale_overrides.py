"""Translations the kernel overrides in django-allauth's and Django's own templates and forms (their catalogues
say it less well, e.g. "Слідуйте по посиланню"). Listing the strings here keeps `make messages` from marking the
overrides obsolete: makemessages only keeps what some source of this app mentions. Never imported at run time."""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Sign Up"),  # allauth templates/account/signup.html (override of its translation)
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),  # allauth templates/account/signup.html
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),  # allauth templates/account/login.html
    gettext_noop("Invalid login."),  # allauth account/forms.py
    gettext_noop("The email address and/or password you specified are not correct."),  # allauth account/adapter.py
    gettext_noop("You must type the same password each time."),  # allauth account/adapter.py
    gettext_noop("Remember Me"),  # allauth account/forms.py
    gettext_noop("Current Password"),  # allauth account/forms.py
    gettext_noop("New Password"),  # allauth account/forms.py
    gettext_noop("New Password (again)"),  # allauth account/forms.py
    gettext_noop("Account Inactive"),  # allauth templates/account/account_inactive.html
    gettext_noop("Password Reset"),  # allauth templates/account/password_reset*.html
    gettext_noop("Email Address"),  # allauth templates/account
    gettext_noop("The following email addresses are associated with your account:"),  # allauth templates/account/email.html
    gettext_noop("Unverified"),  # allauth templates/account/email.html
    gettext_noop("Primary"),  # allauth templates/account/email.html
    gettext_noop("Make Primary"),  # allauth templates/account/email.html
    gettext_noop("Re-send Verification"),  # allauth templates/account/email.html
    gettext_noop("Add Email Address"),  # allauth templates/account/email.html
    gettext_noop("Add Email"),  # allauth templates/account/email.html
    gettext_noop("Change Email"),  # allauth templates/account/email_change.html
    gettext_noop("Confirm Email Address"),  # allauth templates/account/email_confirm.html
    gettext_noop("Please confirm that <a href=\"mailto:%(email)s\">%(email)s</a> is an email address for user %(user_display)s."),  # allauth templates/account/email_confirm.html
    gettext_noop("This email confirmation link expired or is invalid. Please <a href=\"%(email_url)s\">issue a new email confirmation request</a>."),  # allauth templates/account/email_confirm.html
    gettext_noop("Successfully signed in as %(name)s."),  # allauth templates/account/messages/logged_in.txt
    gettext_noop("Change Password"),  # allauth templates/account/password_change.html
    gettext_noop("Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."),  # allauth templates/account/password_reset.html
    gettext_noop("Reset My Password"),  # allauth templates/account/password_reset.html
    gettext_noop("Please contact us if you have any trouble resetting your password."),  # allauth templates/account/password_reset.html
    gettext_noop("We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."),  # allauth templates/account/password_reset_done.html
    gettext_noop("Bad Token"),  # allauth templates/account/password_reset_from_key.html
    gettext_noop("The password reset link was invalid, possibly because it has already been used.  Please request a <a href=\"%(passwd_reset_url)s\">new password reset</a>."),  # allauth templates/account/password_reset_from_key.html
    gettext_noop("Set Password"),  # allauth templates/account/password_set.html
    gettext_noop("Sign Up Closed"),  # allauth templates/account/signup_closed.html
    gettext_noop("Verify Your Email Address"),  # allauth templates/account/verification_sent.html
    gettext_noop("We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."),  # allauth templates/account/verification_sent.html
    gettext_noop("We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes."),  # allauth templates/account/verified_email_required.html
    gettext_noop("This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. "),  # allauth templates/account/verified_email_required.html
    gettext_noop("Your password can’t be entirely numeric."),  # django contrib/auth/password_validation.py
)
