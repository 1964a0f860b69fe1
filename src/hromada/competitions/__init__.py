"""Grant competitions (конкурси грантів): calls with a fund and per-applicant-type rules, applications with budget
tables and private attachments, eligibility review, an independent jury, ranking, awards within the fund, reports."""
