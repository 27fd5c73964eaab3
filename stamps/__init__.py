"""OCOP traceability stamps: signing, QR codes, print sheets, photo decoding.

keys (keyring and settings), serial (printed short serial), payload (signed payload and
stamp URL), qr_render, sheet (PDF and PNG), fonts, decode (photos), classify (what a
decoded text is). Nothing here imports bot, handlers, storage or scheduler.
"""
