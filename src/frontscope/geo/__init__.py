"""Places: the gazetteer (build, load, query) and the geocoder stage.

    from frontscope.geo import get_gazetteer, name_key
    g = get_gazetteer()               # shipped Ukraine gazetteer, loaded once per process
    g.get(703656).name                # 'Kupyansk'; .oblast, .raion, .population, .katottg, .lat, .lon
    g.lookup("Kup'yansk")             # places with that name, any spelling
    g.places_within(49.71, 37.62, 10) # [(Place, km), ...] nearest first; g.nearest(lat, lon, k)

Heavy pieces (the gazetteer file, the geocoder) load only when used.
"""

from frontscope.geo.gazetteer import Gazetteer, Place, get_gazetteer
from frontscope.geo.normalize import name_key

__all__ = ["Gazetteer", "Place", "get_gazetteer", "name_key"]
