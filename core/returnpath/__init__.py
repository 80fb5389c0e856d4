"""The return path: what comes back after the relay's 250 (ARCHITECTURE.md §7).

A relay's 250 is not delivery: most providers accept, then bounce later, to the
envelope sender. Each SMTP profile may have an IMAP mailbox (``mailboxes``) where its
bounces, complaints and unsubscribe requests arrive; ``check`` reads what is new there
(``imap``), ``parse`` tells what each mail is, ``apply`` matches it to its message and
applies it exactly once, and ``verp`` chooses the envelope sender that routes bounces
back to that mailbox.
"""

from core.returnpath.apply import CheckCounts
from core.returnpath.check import CheckReport, MailboxWatcher, check_mailbox, check_mailboxes
from core.returnpath.imap import MailboxProblem
from core.returnpath.parse import ReturnKind, read_returned_mail

__all__ = [
    "CheckCounts",
    "CheckReport",
    "MailboxProblem",
    "MailboxWatcher",
    "ReturnKind",
    "check_mailbox",
    "check_mailboxes",
    "read_returned_mail",
]
