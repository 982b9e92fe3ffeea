"""Which screen shows which section (imported lazily, so start-up loads only the home screen)."""

from __future__ import annotations

from screens.section import SectionScreen


def section_screen(section: str, postmortem_id: int, incident_type: str = "") -> SectionScreen:
    """The screen of `section`; a pre-mortem's timeline section holds its failure stories
    ("timeline!" opens a pre-mortem's timeline all the same)."""
    if section == "timeline" and incident_type == "premortem":
        from screens.stories import StoriesScreen

        return StoriesScreen(postmortem_id)
    section = section.rstrip("!")
    if section == "wrapup":
        from screens.wrapup import WrapUpScreen

        return WrapUpScreen(postmortem_id)
    if section == "summary":
        from screens.summary import SummaryScreen

        return SummaryScreen(postmortem_id)
    if section == "timeline":
        from screens.timeline import TimelineScreen

        return TimelineScreen(postmortem_id)
    if section == "impact":
        from screens.impact import ImpactScreen

        return ImpactScreen(postmortem_id)
    if section == "analysis":
        from screens.analysis import AnalysisScreen

        return AnalysisScreen(postmortem_id)
    if section == "actions":
        from screens.actions import ActionsScreen

        return ActionsScreen(postmortem_id)
    from screens.review import ReviewScreen

    return ReviewScreen(postmortem_id)
