"""Places the Ukrainian GeoNames dump lacks but war reporting names often.

Countries, Russian and Belarusian regions and cities, seas and the cross-border rivers GeoNames files under
other countries (the Siverskyi Donets). They have no Ukrainian GeoNames id; the geocoder reports them
with kind, country and an approximate centre point (rounded, hand-entered public coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontscope.geo.normalize import name_key


@dataclass(frozen=True)
class ExtraPlace:
    name: str
    kind: str  # one of model.PLACE_KINDS
    country: str  # ISO 3166 alpha-2 ("" for seas)
    lat: float
    lon: float
    alternates: tuple[str, ...] = ()


# name; other spellings (comma-separated); kind; country; lat; lon
_ROWS = """
Russia;Russian Federation;country;RU;55.75;37.62
Belarus;Byelorussia;country;BY;53.9;27.56
Ukraine;;country;UA;49.0;31.4
Poland;;country;PL;52.23;21.01
Moldova;;country;MD;47.01;28.86
Romania;;country;RO;44.43;26.1
Hungary;;country;HU;47.5;19.04
Slovakia;;country;SK;48.15;17.11
Georgia;;country;GE;41.72;44.79
Kazakhstan;;country;KZ;51.17;71.45
Armenia;;country;AM;40.18;44.51
Azerbaijan;;country;AZ;40.41;49.87
Turkey;Turkiye;country;TR;39.93;32.86
Iran;;country;IR;35.69;51.39
Syria;;country;SY;33.51;36.29
China;;country;CN;39.9;116.4
North Korea;DPRK;country;KP;39.02;125.75
United States;US;country;US;38.9;-77.04
United Kingdom;UK;country;GB;51.51;-0.13
Germany;;country;DE;52.52;13.4
France;;country;FR;48.86;2.35
Finland;;country;FI;60.17;24.94
Sweden;;country;SE;59.33;18.07
Lithuania;;country;LT;54.69;25.28
Latvia;;country;LV;56.95;24.11
Estonia;;country;EE;59.44;24.75
Israel;;country;IL;31.77;35.21
Afghanistan;;country;AF;34.53;69.17
Uzbekistan;;country;UZ;41.3;69.24
Tajikistan;;country;TJ;38.56;68.79
Kyrgyzstan;;country;KG;42.87;74.59
America;;country;US;38.9;-77.04
North Ossetia;;other;RU;43.02;44.68
Karelia;;other;RU;61.79;34.35
Transnistria;Pridnestrovie;other;MD;46.84;29.63
Abkhazia;;other;GE;43.0;41.02
Chechnya;Chechen Republic;other;RU;43.32;45.69
Dagestan;;other;RU;42.98;47.5
Tatarstan;;other;RU;55.79;49.12
Bashkortostan;;other;RU;54.73;55.95
Buryatia;;other;RU;51.83;107.58
Krasnodar Krai;;oblast;RU;45.04;38.98
Belgorod Oblast;;oblast;RU;50.6;36.6
Kursk Oblast;;oblast;RU;51.73;36.19
Bryansk Oblast;;oblast;RU;53.24;34.36
Voronezh Oblast;;oblast;RU;51.67;39.18
Rostov Oblast;;oblast;RU;47.24;39.71
Moscow Oblast;;oblast;RU;55.75;37.62
Leningrad Oblast;;oblast;RU;59.94;30.31
Smolensk Oblast;;oblast;RU;54.78;32.05
Oryol Oblast;;oblast;RU;52.97;36.07
Volgograd Oblast;;oblast;RU;48.71;44.51
Kaliningrad Oblast;;oblast;RU;54.71;20.51
Pskov Oblast;;oblast;RU;57.82;28.33
Moscow;;settlement;RU;55.75;37.62
St. Petersburg;Saint Petersburg;settlement;RU;59.94;30.31
Belgorod;;settlement;RU;50.6;36.59
Kursk;;settlement;RU;51.73;36.19
Bryansk;;settlement;RU;53.24;34.36
Voronezh;;settlement;RU;51.67;39.18
Rostov-on-Don;Rostov;settlement;RU;47.24;39.71
Taganrog;;settlement;RU;47.21;38.94
Novorossiysk;;settlement;RU;44.72;37.77
Krasnodar;;settlement;RU;45.04;38.98
Shebekino;;settlement;RU;50.41;36.89
Valuyki;;settlement;RU;50.21;38.1
Graivoron;Grayvoron;settlement;RU;50.48;35.68
Sudzha;;settlement;RU;51.19;35.27
Millerovo;;settlement;RU;48.92;40.4
Kaliningrad;;settlement;RU;54.71;20.51
Grozny;;settlement;RU;43.32;45.69
Engels;;settlement;RU;51.48;46.12
Yeysk;;settlement;RU;46.71;38.27
Smolensk;;settlement;RU;54.78;32.05
Minsk;;settlement;BY;53.9;27.56
Gomel;Homel;settlement;BY;52.43;30.99
Brest;;settlement;BY;52.1;23.69
Mozyr;Mazyr;settlement;BY;52.05;29.25
Stolin;;settlement;BY;51.89;26.85
Novgorod;Veliky Novgorod;settlement;RU;58.52;31.27
Luga;;settlement;RU;58.74;29.85
Kuban;;other;RU;45.04;38.98
Vladivostok;;settlement;RU;43.12;131.89
Omsk;;settlement;RU;54.99;73.37
Kazan;;settlement;RU;55.79;49.12
Yekaterinburg;;settlement;RU;56.84;60.61
Samara;;settlement;RU;53.2;50.15
Saratov;;settlement;RU;51.53;46.03
Murmansk;;settlement;RU;68.97;33.07
Khabarovsk;;settlement;RU;48.48;135.08
Krasnoyarsk;;settlement;RU;56.01;92.87
Chelyabinsk;;settlement;RU;55.16;61.4
Nizhny Novgorod;;settlement;RU;56.33;44.0
Novosibirsk;;settlement;RU;55.03;82.92
Mulino;;settlement;RU;56.29;42.95
South Ossetia;;other;GE;42.35;43.97
Perm Krai;;oblast;RU;58.01;56.25
Khabarovsk Krai;;oblast;RU;48.48;135.08
Tbilisi;;settlement;GE;41.72;44.79
Chisinau;;settlement;MD;47.01;28.86
Tiraspol;;settlement;MD;46.84;29.63
Warsaw;;settlement;PL;52.23;21.01
Rzeszow;;settlement;PL;50.04;22.0
Berlin;;settlement;DE;52.52;13.4
Paris;;settlement;FR;48.86;2.35
London;;settlement;GB;51.51;-0.13
Washington;;settlement;US;38.9;-77.04
Brussels;;settlement;BE;50.85;4.35
Beijing;;settlement;CN;39.9;116.4
Tehran;;settlement;IR;35.69;51.39
Ankara;;settlement;TR;39.93;32.86
Istanbul;;settlement;TR;41.01;28.98
Black Sea;;water_body;;43.5;34.0
Sea of Azov;Azov Sea;water_body;;46.0;36.5
Kerch Strait;;water_body;;45.3;36.55
Siverskyi Donets;Seversky Donets;river;UA;48.85;38.0
Donets;;river;UA;48.85;38.0
Kakhovka Reservoir;;water_body;UA;47.3;34.0
Dnipro River;Dnieper River;river;UA;47.5;34.5
"""

EXTRA: dict[str, list[ExtraPlace]] = {}
for _line in _ROWS.strip().splitlines():
    _name, _alts, _kind, _cc, _lat, _lon = _line.split(";")
    _place = ExtraPlace(_name, _kind, _cc, float(_lat), float(_lon), tuple(filter(None, _alts.split(","))))
    for _n in (_name, *_place.alternates):
        EXTRA.setdefault(name_key(_n), []).append(_place)


def extra_places(key: str) -> list[ExtraPlace]:
    """Extra places whose name has matching key `key`."""
    return EXTRA.get(key, [])
