"""What a summit archive is made of: its format, the models it holds (and those it leaves out),
and the one error every refusal raises.

Audit action names here are data (entries written by earlier versions carry them): they keep
the `ops.` prefix they were born with.
"""

from django.apps import apps

# 2: screeners and the letter template travel too (2 is 1 with more rows, so 1 still imports).
FORMAT = "conclave-summit-archive/2"
READABLE_FORMATS = (FORMAT, "conclave-summit-archive/1")

# (model, path from the model to its summit), parents before children. Models of apps
# that are not installed are skipped, so the list can name every app's models.
ARCHIVED_MODELS = [
    ("summits.summit", "pk"),
    # The screening role, as desk staff (badges.checkinstaff) below; organizers are the summit's
    # own field, kept only for those the importer names.
    ("summits.screener", "summit"),
    ("summits.room", "summit"),
    ("summits.track", "summit"),
    ("summits.speaker", "summit"),
    ("summits.acknowledgement", "summit"),
    ("summits.acknowledgementversion", "acknowledgement__summit"),
    ("summits.session", "summit"),
    ("summits.registrationcategory", "summit"),
    ("summits.registrationquestion", "summit"),
    ("summits.registration", "summit"),
    ("summits.registrationanswer", "registration__summit"),
    ("summits.sessionsignup", "session__summit"),
    ("summits.sessionclearance", "session__summit"),
    ("summits.acknowledgementacceptance", "registration__summit"),
    # Not summits.feedtoken: private feed links are personal secrets; people renew them.
    ("delegations.delegation", "summit"),
    ("delegations.membership", "delegation__summit"),
    ("delegations.invitation", "delegation__summit"),
    ("delegations.scoutingtrip", "delegation__summit"),
    ("delegations.itineraryitem", "delegation__summit"),
    ("delegations.sitevisit", "trip__delegation__summit"),
    ("badges.badge", "registration__summit"),
    ("badges.revokedsecret", "badge__registration__summit"),
    ("badges.checkinstaff", "summit"),
    ("badges.checkin", "summit"),
    ("badges.sessionadmission", "session__summit"),
    ("badges.checkinlist", "summit"),
    ("badges.listentry", "checkin_list__summit"),
    # Not badges.badgebatch: print runs are generated files, made again on demand.
    # Of letters.*, the template only (its text in both languages): visa letter requests hold
    # passport data, which never leaves the installation.
    ("letters.lettertemplate", "summit"),
    # Last: its entries name rows of all the models above.
    ("summits.auditentry", "summit"),
]

# Secrets that only work on the installation that issued them (their links name its host):
# left out of the archive, so the import mints fresh ones.
# Their selectors (a token's first characters) go with them: the model sets them from the fresh token.
EXCLUDED_FIELDS = {
    "delegations.delegation": {"feed_token", "feed_token_selector"},
    "delegations.invitation": {"token", "token_selector"},
    # An offline desk's key and scan ids belong to the desks of this installation.
    "badges.checkinlist": {"snapshot_key"},
    "badges.listentry": {"client_id"},
    # Paths of uploaded files: the files stay here, and a path from an archive could name
    # another summit's signature. The organizer uploads the images again.
    "letters.lettertemplate": {"letterhead", "signature"},
}

# Rows shared between summits (a directory): archived when referenced, and on import
# matched to an existing row by these fields instead of duplicated.
SHARED_MODELS = {"delegations.organisation": ("name", "city")}

# Archived audit entries come in under this one action, with the original in `data`:
# an archive cannot make it look as though something was done on this installation.
IMPORTED_AUDIT_ACTION = "ops.archive.imported_entry"

# Deeper than any real archive (a row's JSON field adds a few levels); deeper nesting
# is an attack on the parser or the encoder, refused before anything is read.
MAX_DEPTH = 32


class ArchiveError(Exception):
    """The archive was refused: `code` for programs (and the form field it concerns), `message` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def archived_models():
    for label, path in ARCHIVED_MODELS:
        try:
            yield apps.get_model(label), path
        except LookupError:
            continue
