"""Participatory budget data: cycles with their funds (categories, districts, schools) and eligibility, projects
with their costs, review and implementation, and the ballots cast on them. Workflows live in services, never here."""

from .ballots import MAX_CHOICES, Ballot, Channel, PaperBallot, PaperStatus, SchoolCode, SchoolCodeBatch
from .cycles import BallotRule, Category, Cycle, CycleKind, District, Eligibility, TallyRule
from .projects import (
    ImplementationStatus,
    ImplementationUpdate,
    Milestone,
    Project,
    ProjectCostLine,
    ProjectFile,
    ProjectFollower,
    ProjectPhoto,
    ProjectSupport,
    Review,
    ReviewDecision,
    ReviewMessage,
    Status,
)

__all__ = ["MAX_CHOICES", "Ballot", "BallotRule", "Category", "Channel", "Cycle", "CycleKind", "District",
           "Eligibility", "ImplementationStatus", "ImplementationUpdate", "Milestone", "PaperBallot", "PaperStatus",
           "Project", "ProjectCostLine", "ProjectFile", "ProjectFollower", "ProjectPhoto", "ProjectSupport", "Review",
           "ReviewDecision", "ReviewMessage", "SchoolCode", "SchoolCodeBatch", "Status", "TallyRule"]
