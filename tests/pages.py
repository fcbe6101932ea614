"""Small hand-written web pages for the loader tests."""

PAGE = """<!DOCTYPE html>
<html><head><title>Troops arrive in Kursk - Example News</title>
<script>var tracking = "SCRIPTSECRET"; function track() { return 1; }</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAVWORLD section</a></li>
<li><a href="/sport">NAVSPORT pages</a></li></ul></nav>
<article>
<h1>Troops arrive in Kursk</h1>
<p>North Korea has sent about 12,000 troops to the Kursk region of Russia, South Korea's
intelligence agency said on Monday, according to officials familiar with the matter.</p>
<p>The soldiers were deployed in several waves over the autumn, and some of them have already
been seen near the front line, the agency told lawmakers in Seoul.</p>
<p>Ukraine said the troops would face its forces within days, and called on its allies to
respond to what it described as a dangerous escalation of the war.</p>
</article>
<footer>FOOTERTEXT links</footer>
</body></html>
"""
SCRIPTS_ONLY = (
    "<html><head><script>var a = 1; document.write('hello');</script>"
    '<script src="x.js"></script></head><body><script>console.log("only scripts")</script>'
    "</body></html>"
)
