"""Reviews written for these tests (our own words), with deliberate misspellings."""

from __future__ import annotations

# Deep Red (1975): positive; "Dario Argentto", "David Hemings", "Daria Nicoladi" misspelled.
DEEP_RED = """\
Deep Red is the moment Dario Argentto turned the giallo into pure cinema.

A jazz pianist, played by David Hemings with a nervy charm, witnesses a murder through a \
window and cannot shake the feeling that he saw something important. Daria Nicoladi is a \
delight as the reporter who drags him into the investigation, and their sparring gives the \
film a warmth the genre rarely allows.

The set pieces are brilliant: the camera prowls through empty corridors, the score by \
Goblin throbs like a headache, and every clue hides in plain sight. Hemings and Nicoladi \
carry the quieter scenes with ease. Some of the dialogue is clumsy in the English version, \
but that hardly matters.

Argentto would go on to make Suspiria, yet this remains his most satisfying thriller. \
Overall, Deep Red is a stunning, essential giallo and a masterpiece of Italian horror.
"""

# Oldboy (2003): negative; "Park Chan-wok", "Choi Minsik" misspelled.
OLDBOY = """\
Oldboy arrives with a towering reputation, and I wanted to love it.

Park Chan-wok stages a man's release after fifteen years of unexplained captivity, and \
Choi Minsik throws himself at the role with total commitment. The hallway fight is \
famous for a reason. Yet the film around it is a tiresome exercise in cruelty.

The twist is contrived and the plotting is ridiculous once you stop to think about it. \
The characters are hollow, the women are props, and the neo-noir gloom feels forced \
rather than earned. Every scene is designed to shock, and after a while the shocks \
become tedious.

I came away exhausted and unmoved. Oldboy is a disappointing, overlong revenge story \
that mistakes misery for depth, and I would not recommend it.
"""

# Memories of Murder (2003), as HTML: positive; "Bong Joon-hoo", "Song Kang-hoo".
MEMORIES_HTML = """\
<!DOCTYPE html>
<html><head><title>Site header</title><style>p { color: red; }</style>
<script>var tracking = "Oldboy Oldboy Oldboy";</script></head>
<body>
<nav>Home | Reviews | About</nav>
<article>
<h1>Memories of Murder</h1>
<p>Bong Joon-hoo&rsquo;s <em>Memories of Murder</em> is a police procedural that slowly
turns into a portrait of a country that cannot see itself clearly.</p>
<p>Song Kang-hoo plays a small-town detective who trusts his gut over evidence, and
his face in the final shot is one of the most haunting images in Korean cinema. The
rural landscapes are gorgeous &amp; the dark comedy lands every time.</p>
<p>It is gripping from start to finish, and the ending is unforgettable. A masterpiece
of the korean thriller, and an excellent place to start with Bong.</p>
</article>
<footer>Copyright Example Reviews</footer>
</body></html>
"""

# Whiplash (2014), as Markdown: mixed; "Miles Tellar" and "J.K. Simmonds" misspelled.
WHIPLASH_MD = """\
# Whiplash

*Whiplash* follows a young drummer, played by **Miles Tellar**, at a cut-throat music \
academy.

J.K. Simmonds is terrific as the teacher who screams, slaps and manipulates his band \
into shape, and the final concert is thrilling.

- The editing is sharp and the drumming is electric.
- But the script is thin, and its view of greatness is shallow and troubling.

In the end the film is a brilliant machine with a hollow heart: Tellar and Simmonds are \
impressive, but the story is contrived and its celebration of abuse left me uneasy.

See [the trailer](https://example.com/whiplash) if you must.
"""

# A review of a film that is not in the catalog (a made-up title and people).
NOT_IN_CATALOG = """\
The Lighthouse Keeper's Granddaughter is a quiet, lovely drama about three sisters who \
inherit a crumbling lighthouse on a windswept island.

Director Ottoline Fairweather-Grist films the rocks and the sea with real patience, and \
the three leads are wonderful together. It is slow, but rewarding.
"""

# Two same-titled films and nothing to tell them apart.
UNCLEAR_SUSPIRIA = """\
Suspiria is a film I return to every autumn.

The dancing, the colours and the witches all stay with you long after it ends. It is \
strange, beautiful and frightening in equal measure, and I recommend it to everyone.
"""
