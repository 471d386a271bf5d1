"""The staff listings editor (`kiosk admin`): a Textual app of its own, separate from the kiosk.

Every change goes through `kiosk.store.Store` (validated, locked, written atomically), so a
kiosk running on the same file picks it up; fields are checked as staff type by the same rules
as `kiosk check` (`kiosk.validate`), adapted in `kiosk.admin.validators`.
"""
