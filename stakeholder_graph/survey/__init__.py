"""The partner survey: invitations, a small web form, and answers written back as data.

A coordinator runs ``survey invite`` to make one unguessable link per organization (or per named
contact), ``survey serve`` to collect the answers through a server-rendered form, and
``survey status`` to follow the response rate. Every submission is validated with the dataset's
own checks and lands in the dataset's ``perceptions.csv`` (with its ``wave`` and ``date``) and in a
raw answers log, so ``analyze`` reads it like any other survey.

Modules: :mod:`.tokens` (tokens, hashing, expiry), :mod:`.locale` (language files),
:mod:`.state` (the survey folder: invites, progress, lock), :mod:`.answers` (form answers →
perception rows, validation, atomic write), :mod:`.app` (the Flask form), :mod:`.report`
(response rates and privacy-aware exports).
"""
