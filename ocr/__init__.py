"""Paper to fields: acquisition, preprocessing, Tesseract, templates, extraction, Vietnamese rules.

Never imports ``storage``, ``ui``, Qt or SQLAlchemy.
"""
