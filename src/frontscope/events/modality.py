"""Modality cues: what a sentence reports as only planned, forecast, attempted, doubted or denied.

The control rules find a verb of control ("captured", "hold", "attacked") and its settlement; these
patterns, matched on the text just before the verb (or between it and the place), decide whether the
deed happened: "Russian efforts are focused on taking Rubizhne" is an aim, "unsubstantiated claims of
Russian control of Stohnii" a denied claim, "If the Russians abandon ..., Ukrainian forces would ..." a
condition. Plain regexes, matched case-insensitively.
"""

from __future__ import annotations

import re

INTENT_RE = re.compile(
    r"(?:\bto(?!\s+(?-i:[A-Z]))|\bfailed to|\bunable to|\bin order to|\bwill|\bwould|\bcould|\bmay|\bmight|\bmust|\bseek(?:s|ing)? to|"
    r"\bsought to|\battempt(?:s|ed|ing)? to|\btr(?:y|ies|ied|ying) to|\baim(?:s|ed|ing)? to|\bintend(?:s|ed)? to|"
    r"\bplan(?:s|ned)? to|\befforts? to|\bunsuccessfully|\bunsuccessful|\bpreparing to|\bwants? to|\bgoal of|"
    r"\bobjective of|\bintent(?:ion)? (?:to|of)|\bhope(?:s|d)? to|\b(?:objectives?|goals?|aims?|tasks?)\s*:|"
    r"\bcapable of|\bcapability to|\bbefore|\bwithout|\binstead of|\bprospects? of|\btasked with|"
    r"\bcompleting\s+the)"
    r"\s+(?:\w+\s+){0,2}$", re.I)

# "prevented Russian troops from seizing Kharkiv", "stopped them from taking control of": a thwarted attempt.
PREVENTED_RE = re.compile(r"\b(?:prevent\w*|stop(?:s|ped|ping)?|block\w*|kept|keep(?:s|ing)?|deter\w*|den(?:y|ies|ied|ying)|"
                          r"hinder\w*|imped\w*|thwart\w*|bar(?:s|red|ring)?)\b[^.;:]{0,60}?\bfrom\s+"
                          r"(?:\w+,?\s+(?:and\s+|or\s+|let alone\s+)?){0,3}$", re.I)

EFFORT_RE = re.compile(r"\b(?:efforts?|attempt(?:s|ed|ing)?|tr(?:y|ies|ied|ying)|seek(?:s|ing)?|sought|aim(?:s|ed|ing)?|"
                       r"intend(?:s|ed)?|plan(?:s|ned)?|in order|continu\w+ to|prepar\w+) to\b[^,;]{0,70}$", re.I)

# "unlikely to seize Kharkiv Oblast or capture Kharkiv City": the second verb shares the infinitive (a past
# tense does not: "advanced to Kupyansk and captured X").
INFINITIVE_COORD_RE = re.compile(r"\bto\s+(?!(?-i:[A-Z]))\w+\s+(?:[\w’'-]+\s+){0,4}(?:or|and)\s+$", re.I)

# "continued attempts to advance into Popasna and reportedly captured parts of the city": a second, finite
# predicate after "and" is no longer under "attempts to".
COORDINATED_RE = re.compile(r"\band\s+(?:\w+ly\s+)?$", re.I)

# A gerund after a preposition names an aim ("focused on taking Rubizhne", "progress in capturing Mariupol",
# "even though capturing X has limited significance"), except for reports of the deed ("claim of seizing",
# "credit for taking"); elsewhere it reports the deed ("footage showed troops entering Hirske", "including
# capturing the towns of ...", "secured gains, taking parts of Popasna").
GERUND_AIM_RE = re.compile(r"\b(?:on|in|of|at|for|toward|towards|before|without|about|into|though|although|if|"
                           r"whether|than|remains?|remained)\s+(?:\w+ly\s+)?$", re.I)

GERUND_DONE_RE = re.compile(r"(?:\bclaims? of|\breports? of|\bcredit for|\bannouncements? of|\bstatements? of|"
                            r"\bfootage of|\bvideos? of)\s+(?:\w+ly\s+)?$", re.I)

# "attempting to take Siversk since the capture of Lysychansk": the capture happened.
SINCE_RE = re.compile(r"\b(?:since|after|following|with|upon)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)

PAST_TRIGGER_RE = re.compile(r"(?:\w+ed|took|retook|overran)\b", re.I)

# "unlikely to have seized X", "did not seize X": the analyst says it did not happen.
UNLIKELY_DONE_RE = re.compile(r"\b(?:unlikely|not|never)\s+(?:\w+\s+)?to\s+have\s+(?:\w+\s+)?$", re.I)

# "claimed to have seized", "appears to have taken control of": a perfect infinitive reports a done deed.
PERFECT_INFINITIVE_RE = re.compile(r"\bto\s+have\s+(?:(?:likely|already|reportedly|fully|also|now)\s+)?$", re.I)

PERFECT_MODAL_RE = re.compile(r"\b(?:may|might|could|would|will|must)\s+(?:\w+\s+)?have\s+(?:\w+\s+)?$", re.I)

# "managed to seize" happened; "may still be able to seize" / "unlikely to be able to seize" did not.
MANAGED_RE = re.compile(r"(?<!be )(?<!been )\b(?:managed|succeeded|able) to\s+(?:\w+\s+){0,2}$", re.I)

NEG_RE = re.compile(r"\b(?:not|n['’]t|never|no longer|neither|nor|no|refus(?:ed|es|ing) to|declin(?:ed|es|ing) to)"
                    r"\s+(?:\w+\s+){0,3}$", re.I)

# An attack or advance only spoken of: forecast, plan, threat, capability ("will likely attack Siversk",
# "plans to assault the city", "not sufficient to mount a credible attack on Odesa"). Attempts stay
# advances ("attempted to advance", "unsuccessfully attacked"); "may have attacked" is a hedge, not a plan.
HYPOTHETICAL_RE = re.compile(
    r"\b(?:will|would|could|might|may(?!\s+\d)|shall|can|plans?|planned|planning|intends?|intended|intention|aim(?:s|ed)?|"
    r"goal|objective|threat|threaten\w*|preparing|prepare[sd]?|preparations?|sufficient|capable|capability|"
    r"ready|expected to|likely to|set(?:ting)? conditions|prevent\w*|forestall\w*|deter\w*|likelihood|possibility|"
    r"chance|risk)\b(?!\s+(?:\w+\s+)?have\b)"
    r"[^;:,]{0,70}$", re.I)

# "the Kremlin authorities fled Kherson City": people leaving, not forces losing ground.
CIVIL_SUBJECT_RE = re.compile(r"\b(?:authorities|officials|administrations?|residents|civilians|collaborators|people|"
                              r"families|employees|staff|population|refugees|evacuees)\s+(?:\w+\s+){0,2}$", re.I)

# "unable to consolidate control of the city": a hold attempted and missed means the place is fought over.
UNABLE_RE = re.compile(r"\b(?:unable|failed|fail|fails|struggl\w+|yet to|cannot|can ?not|could not|not able|"
                       r"unsuccessful\w*)\b", re.I)

CONTINUE_RE = re.compile(r"\bcontinu\w+\s+to\s+(?:\w+ly\s+)?$", re.I)

# "fighting for control of X": fought over, not held.
FIGHT_FOR_RE = re.compile(r"\b(?:fight\w*|fought|battl\w+|struggl\w+|vie|vying|compet\w+|operations?|offensives?|"
                          r"efforts?|attempts?|campaigns?)\s+for\s+(?:the\s+)?$", re.I)

# "unsubstantiated claims of Russian control of X": a claim the analyst discounts (denied); "unverified
# claims of", "contradicted their own claims on control of", "claims of": a claim, not the analyst's view.
DISCREDITED_RE = re.compile(
    r"\b(?:(?P<how>unsubstantiated|false|baseless|unfounded|fabricated|exaggerated|unverified|unconfirmed|"
    r"contradict\w*(?:\s+\w+){0,3}|revers\w*(?:\s+\w+){0,3}|retract\w*(?:\s+\w+){0,3})\s+)?(?:\w+\s+)?claims?\s+(?:of|on|about|regarding|that|to)\b[^.;]{0,60}$", re.I)

# Hearsay opening the clause: "consistent with rumors that DNR troops abandoned X", "amid reports that ...",
# "allegations that": what follows is a report of nobody in particular, whoever's evidence frames it.
HEARSAY_RE = re.compile(
    r"\b(?:rumou?rs?|allegations?|(?:consistent with|amid|despite|following)\s+(?:[\w-]+\s+){0,2}reports?)"
    r"\s+(?:of|about|that)\b[^.;]{0,60}$", re.I)

# "cannot (independently) verify", "has not yet confirmed": the analyst's own doubt
_CANNOT_VERIFY = r"(?:cannot|can not|could not|unable to|has not|have not)\s+(?:yet\s+)?(?:independently\s+)?(?:verify|confirm)"
UNVERIFIED_RE = re.compile(rf"\b{_CANNOT_VERIFY}\s+(?:[\w-]+\s+){{0,2}}$", re.I)
# The analyst's disclaimer later in the sentence: "X reportedly captured Y, although ISW has not observed (visual)
# confirmation", "... but we cannot confirm this claim", "... which ISW has not yet verified".
_CLAIM_REFERENT = (r"(?:\s+(?:of\s+)?(?:this|these|that|those|the|such|any|either)\s+(?:[\w-]+\s+)?"
                   r"(?:claims?|reports?|statements?|assertions?|reporting)\b|\s+(?:it|them)\b|(?=\s*(?:[.,;\[]|at this time|$)))")
UNVERIFIED_AFTER_RE = re.compile(
    rf"\b(?:{_CANNOT_VERIFY}|(?:has|have) not (?:yet )?(?:observed|seen)\s+(?:[\w-]+\s+){{0,2}}(?:confirmation|evidence)|"
    rf"(?:has|have) yet to (?:observe|see|verify|confirm)(?:\s+[\w-]+){{0,2}}|no (?:visual |independent |official )?"
    rf"confirmation){_CLAIM_REFERENT}", re.I)

DENIED_HOW = {"unsubstantiated", "false", "baseless", "unfounded", "fabricated", "exaggerated", "contradicted",
              "contradict", "contradicts", "reversing", "reversed", "reverses", "retracted", "retracting"}

# "If the Russians abandon efforts ..., Ukrainian forces would ... defending Severodonetsk": a condition.
CONDITIONAL_RE = re.compile(r"\s*(?:\[\w+\]\s*)*(?:If|Should|Unless|Were)\s", re.I)

# "the seizure of X" names an event that may never happen: only a sentence without any hypothetical
# word counts it ("Even the Russian seizure of Bakhmut, which is unlikely to occur, would ...").
NOMINAL_RE = re.compile(r"(?:(?:capture|seizure|liberation|fall) of|(?:withdrawals?|retreats?) from)$", re.I)

NOMINAL_HYPOTHETICAL_RE = re.compile(
    r"\b(?:would|will|unlikely|if|even|could|might|may(?!\s+\d)|goal|objective|aim|plans?|attempts?|efforts?|intend\w*|"
    r"seek\w*|threat\w*|prospects?|prevent\w*|ahead of|prior to|in preparation|possible|potential|likely to|"
    r"requir\w+|need\w*|necessary|imminent|expect\w*|await\w*|waiting)\b",  # expected, not yet happened
    re.I)

# "prioritizing ... over launching offensive operations on Bakhmut", "massing forces for the assault on X",
# "an offensive on Siversk would assist ...": attacks spoken of, not made.
AIM_BEFORE_RE = re.compile(r"(?:\b(?:over|before|without|instead of|of|for|to)\s+(?:launching|mounting|resuming|beginning|"
                           r"starting|conducting)\s+(?:[\w-]+\s+){0,2}|\b(?:for|to)\s+(?:the|an|a)\s+(?:[\w-]+\s+)?|"
                           r"\b(?:begin|launch|mount|start|resume|prepare|plan)\s+(?:an?|the)\s+(?:[\w-]+\s+)?)$", re.I)

WOULD_AFTER_RE = re.compile(r"[^.;,]{0,25}?\b(?:would|could|will)\b", re.I)

MODAL_BETWEEN_RE = re.compile(r"\b(?:will|would|could|might|may)\b", re.I)

UNCONFIRMED_BEFORE_RE = re.compile(rf"\b(?:no (?:\w+ )?confirmation|{_CANNOT_VERIFY}\w*)\b[^.;]{{0,30}}\bthat\s+[^.;]*$",
                                   re.I)

# "the Russian MoD corrected its statement that Russian forces withdrew from X", "retracted the report of":
# the speaker takes the statement back, so it is a denial by that speaker.
RETRACTED_RE = re.compile(
    r"\b(?:correct(?:ed|s|ing)|retract(?:ed|s|ing)|walk(?:ed|s|ing) back|delet(?:ed|es|ing)|revis(?:ed|es|ing)|"
    r"amend(?:ed|s|ing)|backtrack(?:ed|s|ing) on|disavow(?:ed|s|ing)|recant(?:ed|s|ing))\s+"
    r"(?:(?:its|their|his|her|the|an?|earlier|previous|initial|own|official|false)\s+){0,3}"
    r"(?:statements?|reports?|claims?|announcements?|posts?|assertions?|information|maps?)\s+"
    r"(?:that|of|about|on)\b[^.;]{0,100}$", re.I)

# "a Ukrainian drone reached the outskirts of Belgorod": a weapon, not troops, is the subject of the clause, so
# it reports no ground action (only when no force noun is in the clause: "troops, backed by drones, advanced").
WEAPON_SUBJECT_RE = re.compile(
    r"\b(?:drones?|UAVs?|missiles?|rockets?|shells?|projectiles?|munitions?|Shaheds?|bombs?|airstrikes?|"
    r"air strikes?|shelling|artillery fire|debris|warheads?|aircraft|helicopters?|jets?)\b", re.I)
FORCE_NOUN_RE = re.compile(
    r"\b(?:forces|troops|units?|soldiers|servicemen|personnel|infantry|elements|grouping|brigades?|regiments?|"
    r"battalions?|detachments?|marines|paratroopers|fighters|assault groups?|army|militia|Wagner)\b", re.I)

# An aim to take a place is a forecast (nothing happened on the ground yet: "aim to capture Lyman by the end of
# September", "are unlikely to capture Siversk") unless the clause says they tried ("attempted to capture",
# "failed to seize", "continued efforts to take"), which is fighting near it.
FORECAST_RE = re.compile(
    r"\b(?:will|would|could|might|may|shall|can|likely|unlikely|expected|expects?|aims?|aimed|aiming|plans?|"
    r"planned|planning|intends?|intended|intention|goals?|objectives?|hopes?|hoped|wants?|wanted|prepar\w+|"
    r"capable|capability|ready|prospects?|threat\w*|before|instead of|without|tasked with)\b", re.I)
ATTEMPT_RE = re.compile(
    r"\b(?:attempt\w*|tr(?:y|ies|ied|ying)|fail\w*|unable|unsuccessful\w*|efforts?|sought|seek\w*|struggl\w+|"
    r"continu\w+|push\w*|fight\w*|battl\w+|assault\w*|attack\w*|offensive|prevent\w*|stop\w*|kept|block\w*|"
    r"thwart\w*|halt\w*|repel\w*|repuls\w*)\b", re.I)

# A bare base form after an aim anywhere earlier in the sentence shares the aim ("plan either to fix forces around
# Lyman ... or seize Lyman"); a base form after a determiner is a noun ("Russia's retreat").
BASE_FORM_RE = re.compile(r"capture|seize|liberate|recapture|retake|regain|clear|secure|enter|occupy|withdraw|retreat|"
                          r"abandon|lose|take", re.I)
NOUN_BEFORE_RE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that)\s+(?:\w+\s+)?$|['’]s\s+$", re.I)  # "Russia's retreat"
SENTENCE_INTENT_RE = re.compile(r"\b(?:intend\w*|plan(?:s|ned|ning)?|aim(?:s|ed|ing)?|seek\w*|sought|want\w*|"
                                r"attempt\w*|tr(?:y|ies|ied|ying)|will|would|could|may|might|(?:un)?likely to|"
                                r"expected to|ordered to|goals?|objectives?)\b", re.I)
