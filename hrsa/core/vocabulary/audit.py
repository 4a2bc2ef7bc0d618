"""What the audit trail records."""

from __future__ import annotations

from hrsa.core.vocabulary.base import Labelled


class AuditAction(Labelled):
    """What an audit event records; every action written to the trail is one of these."""

    START = "start"
    UPDATE = "update"
    CONFIRM = "confirm"
    ADD_EVIDENCE = "add_evidence"
    REMOVE_EVIDENCE = "remove_evidence"
    RESTORE_EVIDENCE = "restore_evidence"
    PURGE_EVIDENCE = "purge_evidence"
    ADD_ACTION = "add_action"
    DELETE_ACTION = "delete_action"
    SUBMIT = "submit"
    REOPEN = "reopen"
    REQUEST_CHANGE = "request_change"
    ADDRESS_CHANGE = "address_change"
    CREATE = "create"
    INVITE = "invite"
    REINVITE = "reinvite"
    SEND_RESET_LINK = "send_reset_link"
    ENABLE = "enable"
    DISABLE = "disable"
    CHANGE_ROLE = "change_role"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    CHANGE_PASSWORD = "change_password"  # noqa: S105 (an action name, not a password)
    ERASE_PERSON = "erase_person"
    RETENTION_PURGE = "retention_purge"
    REMINDERS_ON = "reminders_on"
    REMINDERS_OFF = "reminders_off"
    INVITE_ACCEPTED = "invite_accepted"
    RESET_ACCEPTED = "reset_accepted"
    REQUEST_RESET = "request_reset"
    EXPORT = "export"
    DOWNLOAD_EVIDENCE = "download_evidence"
    PROPOSE_RESOURCE = "propose_resource"
    RESUBMIT_RESOURCE = "resubmit_resource"
    REVIEW_RESOURCE = "review_resource"
    LAPSE_RESOURCE = "lapse_resource"
    USE_RESOURCE = "use_resource"
    CLOSE_CYCLE = "close_cycle"
    REPLY_TO_CHALLENGE = "reply_to_challenge"
    ASK_TO_REOPEN = "ask_to_reopen"
    DECLINE_REOPENING = "decline_reopening"
    DRAW_SAMPLE = "draw_sample"

    @property
    def label(self) -> str:
        """The action in words for history pages ('update' events name their field instead)."""
        return _AUDIT_LABELS[self]


_AUDIT_LABELS = {
    AuditAction.START: "Assessment started",
    AuditAction.UPDATE: "Changed",
    AuditAction.CONFIRM: "Carried-forward rating confirmed",
    AuditAction.ADD_EVIDENCE: "Evidence added",
    AuditAction.REMOVE_EVIDENCE: "Evidence removed",
    AuditAction.RESTORE_EVIDENCE: "Evidence restored",
    AuditAction.PURGE_EVIDENCE: "Evidence deleted permanently",
    AuditAction.ADD_ACTION: "Action added",
    AuditAction.DELETE_ACTION: "Action deleted",
    AuditAction.SUBMIT: "Assessment submitted",
    AuditAction.REOPEN: "Assessment reopened",
    AuditAction.REQUEST_CHANGE: "Changes requested on reopening",
    AuditAction.ADDRESS_CHANGE: "Requested changes saved",
    AuditAction.CREATE: "Created",
    AuditAction.INVITE: "Invitation sent",
    AuditAction.REINVITE: "Invitation sent again",
    AuditAction.SEND_RESET_LINK: "Password reset link sent",
    AuditAction.ENABLE: "Account enabled",
    AuditAction.DISABLE: "Account disabled",
    AuditAction.CHANGE_ROLE: "Role changed",
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.SIGN_IN_FAILED: "Sign-in failed (wrong password)",
    AuditAction.CHANGE_PASSWORD: "Password changed",
    AuditAction.ERASE_PERSON: "Person erased (data protection)",
    AuditAction.RETENTION_PURGE: "Evidence file removed under the retention policy",
    AuditAction.REMINDERS_ON: "Reminders by email turned on",
    AuditAction.REMINDERS_OFF: "Reminders by email turned off",
    AuditAction.INVITE_ACCEPTED: "Invitation accepted",
    AuditAction.RESET_ACCEPTED: "Password reset",
    AuditAction.REQUEST_RESET: "Password reset asked for",
    AuditAction.EXPORT: "Data exported",
    AuditAction.DOWNLOAD_EVIDENCE: "Evidence downloaded",
    AuditAction.PROPOSE_RESOURCE: "Resource proposed",
    AuditAction.RESUBMIT_RESOURCE: "Resource resubmitted for review",
    AuditAction.REVIEW_RESOURCE: "Resource reviewed",
    AuditAction.LAPSE_RESOURCE: "Resource review lapsed",
    AuditAction.USE_RESOURCE: "Resource marked as used",
    AuditAction.CLOSE_CYCLE: "Cycle closed",
    AuditAction.REPLY_TO_CHALLENGE: "School replied to a challenge",
    AuditAction.ASK_TO_REOPEN: "School asked for a reopening",
    AuditAction.DECLINE_REOPENING: "Reopening request declined",
    AuditAction.DRAW_SAMPLE: "Schools sampled for moderation",
}
