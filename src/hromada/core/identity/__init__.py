"""People: the User (email login), their roles in communities, departments, verified identities.

Policies here answer "may this person do that in this community"; services change roles."""
