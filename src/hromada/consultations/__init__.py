"""E-consultations: a draft decision, programme or rule split into numbered paragraphs, residents' proposals on
them (comments and new wordings), support, moderation, the department's answers and the published final report."""
