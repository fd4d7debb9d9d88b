"""The parts of ``scripts/make_demo.py``, one module for each thing it makes.

``common``     where the media go; the seed, the SAMPLE mark, the fixed dates
``drawing``    the shared drawing helpers and the JPEG writer
``scenes``     the twelve photo scenes, drawn procedurally
``archival``   a drawn scene made into an archival photograph of it: framing, film, lens, print
``photos``     ``media/photos/``: the panels
``attract``    ``media/attract/welcome.jpg``
``books``      ``media/books/``: covers, sample page scans, one PDF
``clips``      ``media/film/*.mp4`` and the memorial clip's poster
``subtitles``  ``media/film/*.srt`` and ``*.vtt``
``texts``      the demo's texts in four languages (plain data)
``build``      what the script owns, the order of the steps, the checks at the end
"""
