"""The upload store: uploaded files saved, opened and deleted behind one small interface.

base.py holds the Storage protocol and its errors; filesystem.py keeps files on local disk.
Services check content before storing (hrsa.services.evidence.uploads).
"""
