"""The upload store: uploaded files saved, opened and deleted behind one small interface.

base.py holds the Storage protocol and its errors; filesystem.py keeps files on local disk, s3.py
in an S3-compatible object store; configured.py builds the one HRSA_STORAGE_URL names.
Services check content before storing (hrsa.services.evidence.uploads).
"""
