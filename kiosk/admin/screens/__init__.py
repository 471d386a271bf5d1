"""The editor's screens: the lists, the record form, and its dialogs."""
