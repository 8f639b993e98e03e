"""Editorial pages, national goals and their contributions, updates and subscriptions."""

from cms.models.goals import GoalContribution, GoalDirection, NationalGoalPage
from cms.models.pages import BasePage, HomeFeaturedGoal, HomePage, StandardPage, VisionPage
from cms.models.updates import UpdateIndexPage, UpdatePage, UpdateSubscription

__all__ = [
    "BasePage",
    "GoalContribution",
    "GoalDirection",
    "HomeFeaturedGoal",
    "HomePage",
    "NationalGoalPage",
    "StandardPage",
    "UpdateIndexPage",
    "UpdatePage",
    "UpdateSubscription",
    "VisionPage",
]
