"""Each generic detector with lines it must drop and lines it must keep."""

import pytest

from cleaner import clean
from cleaner.detectors import DETECTORS
from cleaner.model import Document


def run(name: str, lines: list[str], title: str | None = None, site_name: str | None = None) -> list[str]:
    """Run one detector on the lines; return the texts it dropped."""
    doc = Document.from_lines(lines)
    if title:
        doc.meta["title"] = title
    if site_name:
        doc.meta["site_name"] = site_name
    info = next(d for d in DETECTORS if d.id == f"generic/{name}")
    info.run(doc)
    return [b.text for b in doc.blocks if b.dropped]


BODY = ["A paragraph of running text that explains what happened in the story today."] * 3
POST = [
    "A longer paragraph of running text that explains, at some length and with detail, what happened "
    "in the story today and why it matters to the readers."
]

CASES = [
    # (detector, lines, dropped)
    ("donation-ladder", ["0 $", "2,350 $", "4,700 $", "1,730 $", *BODY], ["0 $", "2,350 $", "4,700 $", "1,730 $"]),
    ("donation-ladder", ["$0", "$500", "$1,000", "MAY 2024", *BODY], ["$0", "$500", "$1,000", "MAY 2024"]),
    ("donation-ladder", [*BODY, *BODY, "Prices were:", "€3", "€5", "€8", *BODY, *BODY], []),
    ("donation-ladder", ["Prices were:", "€3", "€5", "€8", *BODY], ["€3", "€5", "€8"]),  # at the top: a widget
    ("donation-ladder", ["Bread rose to 2 $ a loaf.", *BODY], []),
    (
        "counter-widget",
        ["Total Killed", "6,910", "All Time", "This Week", "44", *BODY],
        ["Total Killed", "6,910", "All Time", "This Week", "44"],
    ),
    ("counter-widget", ["Gesamt", "1.204", "Diese Woche", "12", *BODY], ["Gesamt", "1.204", "Diese Woche", "12"]),
    ("counter-widget", ["Germany: 1,234 cases", "France: 987 cases", "Spain: 456 cases", "Italy: 12 cases", *BODY], []),
    ("counter-widget", ["Glass goes in the green bin.", "12", "Paper goes in the blue bin.", "14", *BODY], []),
    ("share-bar", ["Share this:", "Facebook", "Twitter", "Email", *BODY], ["Facebook", "Twitter", "Email"]),
    ("share-bar", ["Facebook", *BODY], []),
    (
        "title-repeat",
        ["Army exiles abandoned plan", *BODY, "Army exiles abandoned plan", *BODY],
        ["Army exiles abandoned plan"],
    ),
    ("site-name-line", [*BODY, "Veritas News"], ["Veritas News"]),
    ("site-name-line", [*BODY, "Veritas News reported the strike first."], []),
    ("duplicate-caption", ["Sergey Karaganov", "Sergey Karaganov", *BODY], ["Sergey Karaganov", "Sergey Karaganov"]),
    ("duplicate-caption", ["Sergey Karaganov", "Sergey Karaganov spoke first.", *BODY], []),
    ("duplicate-caption", ["It was over.", "It was over.", *BODY], []),
    (
        "caption-after-heading",
        [*POST, "Failed coup", "Juan Guaido Venezuela", *POST, "Korean unification", "Unified Korea", *POST],
        ["Juan Guaido Venezuela", "Unified Korea"],
    ),
    # once only: a heading and a subheading, not a layout
    ("caption-after-heading", [*POST, "Failed coup", "Juan Guaido Venezuela", *POST], []),
    (
        "caption-after-heading",
        [*POST, "De-escalation", "Nuclear apocalypse averted:", *POST, "Failed coup", "Juan Guaido Venezuela", *POST],
        [],
    ),
    (
        "caption-after-heading",
        [*POST, "Class list", "Instructor: Pam Palmer", *POST, "Second class", "Instructor: Jo Lee", *POST],
        [],
    ),
]


@pytest.mark.parametrize(("name", "lines", "dropped"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_detector(name, lines, dropped):
    title = "Army exiles abandoned plan" if name in ("title-repeat", "duplicate-caption") else None
    site_name = "Veritas News" if name == "site-name-line" else None
    assert run(name, lines, title=title, site_name=site_name) == dropped


BODY_DE = ["Der Stadtrat hat den Haushalt am Montagabend nach einer langen Debatte über die Kosten beschlossen."] * 3
BODY_FR = ["Le conseil municipal a adopté lundi soir le nouveau budget après un long débat sur les coûts."] * 3
BODY_ES = ["El pleno del ayuntamiento aprobó el lunes por la noche el nuevo presupuesto tras un largo debate."] * 3
BODY_RU = ["Городской совет в понедельник вечером утвердил новый бюджет после долгих споров о расходах."] * 3
POST_DE = [
    "Der Stadtrat hat den neuen Haushalt am Montagabend nach einer langen und teils hitzigen Debatte über die "
    "Kosten für Schulen, Straßen und Brücken mit knapper Mehrheit beschlossen."
]
POST_FR = [
    "Le conseil municipal a adopté lundi soir le nouveau budget après un long débat, parfois vif, sur le coût "
    "des écoles, des routes et des ponts, à une courte majorité."
]
POST_RU = [
    "Городской совет в понедельник вечером после долгих и порой жарких споров о расходах на школы, дороги и "
    "мосты небольшим большинством голосов утвердил новый бюджет города на следующие два года."
]
TITLES = {"de": "Stadtrat beschließt den Haushalt", "fr": "Le conseil adopte le budget", "ru": "Совет утвердил бюджет"}

# (detector, language, lines, dropped): the same furniture and the same article text in other languages
OTHER_LANGUAGES = [
    ("donation-ladder", "de", ["0 €", "1.200 €", "2.400 €", *BODY_DE], ["0 €", "1.200 €", "2.400 €"]),
    ("donation-ladder", "ru", ["0 ₽", "15 000 ₽", "30 000 ₽", *BODY_RU], ["0 ₽", "15 000 ₽", "30 000 ₽"]),
    ("donation-ladder", "es", ["El pan subió a 2 € la barra.", *BODY_ES], []),
    ("counter-widget", "fr", ["Total des morts", "6 910", "Cette semaine", "44", *BODY_FR], None),
    ("counter-widget", "ru", ["Всего погибших", "6 910", "За неделю", "44", *BODY_RU], None),
    ("counter-widget", "es", ["El vidrio va al contenedor verde.", "12", "El papel va al azul.", "14", *BODY_ES], []),
    ("share-bar", "de", ["Teilen", "Drucken", "E-Mail", *BODY_DE], ["Teilen", "Drucken", "E-Mail"]),
    ("share-bar", "fr", ["Partager", "Facebook", "Imprimer", *BODY_FR], ["Partager", "Facebook", "Imprimer"]),
    ("share-bar", "ru", ["Поделиться", "ВКонтакте", "Telegram", "Печать", *BODY_RU], None),
    ("share-bar", "es", ["Compartir", *BODY_ES], []),  # a single line may be a heading
    ("title-repeat", "de", [TITLES["de"], *BODY_DE, TITLES["de"], *BODY_DE], [TITLES["de"]]),
    ("title-repeat", "fr", [TITLES["fr"], *BODY_FR, TITLES["fr"], *BODY_FR], [TITLES["fr"]]),
    ("title-repeat", "ru", [TITLES["ru"], *BODY_RU, TITLES["ru"], *BODY_RU], [TITLES["ru"]]),
    ("duplicate-caption", "de", ["Sergej Karaganow", "Sergej Karaganow", *BODY_DE], None),
    ("duplicate-caption", "ru", ["Сергей Караганов", "Сергей Караганов", *BODY_RU], None),
    ("duplicate-caption", "fr", ["C'était fini.", "C'était fini.", *BODY_FR], []),
    (
        "caption-after-heading",
        "de",
        [
            *POST_DE,
            "Der gescheiterte Putsch",
            "Juan Guaidó Venezuela",
            *POST_DE,
            "Die koreanische Frage",
            "Kim Jong-un",
            *POST_DE,
        ],
        ["Juan Guaidó Venezuela", "Kim Jong-un"],
    ),
    (
        "caption-after-heading",
        "ru",
        [*POST_RU, "Неудавшийся переворот", "Хуан Гуайдо", *POST_RU, "Корейский вопрос", "Ким Чен Ын", *POST_RU],
        ["Хуан Гуайдо", "Ким Чен Ын"],
    ),
    ("caption-after-heading", "fr", [*POST_FR, "Le coup manqué", "Juan Guaidó", *POST_FR], []),  # once only
]


@pytest.mark.parametrize(
    ("name", "language", "lines", "dropped"), OTHER_LANGUAGES, ids=[f"{c[0]}-{c[1]}" for c in OTHER_LANGUAGES]
)
def test_detector_in_other_languages(name, language, lines, dropped):
    """``None``: every line before the article goes."""
    doc = Document.from_lines(lines)
    doc.meta["title"] = TITLES.get(language, "")
    next(d for d in DETECTORS if d.id == f"generic/{name}").run(doc)
    expected = [line for line in lines if not line.endswith(".")] if dropped is None else dropped
    assert [b.text for b in doc.blocks if b.dropped] == expected


def comment_page(tail_position: str) -> str:
    body = "\n\n".join(["The council voted on the plan after a long debate about its costs and benefits."] * 6)
    widget = "Leave a Reply\n\nName\n\nGreat article, thanks!\n\nI disagree with most of this."
    return f"Headline\n\n{widget}\n\n{body}\n" if tail_position == "top" else f"Headline\n\n{body}\n\n{widget}\n"


def test_comment_section_at_the_end_is_dropped_to_the_end():
    result = clean(comment_page("end"))
    assert "Leave a Reply" not in result.text and "I disagree" not in result.text
    assert result.metadata["removed"][-1]["kind"] == "comments"


def test_comment_marker_before_the_body_does_not_drop_the_article():
    result = clean(comment_page("top"))
    assert result.text.count("The council voted") == 6


COMMENT_PAGES = [
    (
        "Der Stadtrat hat den Plan nach einer langen Debatte über die Kosten und den Nutzen für die Stadt beschlossen.",
        "Schreibe einen Kommentar",
        "Toller Artikel, danke!",
    ),
    (
        "El consejo aprobó el plan después de un largo debate sobre sus costes y beneficios para la ciudad.",
        "Deja una respuesta",
        "No estoy de acuerdo con casi nada de esto.",
    ),
    (
        "Городской совет одобрил план после долгих споров о его стоимости и пользе для жителей города.",
        "Добавить комментарий",
        "Спасибо за статью, очень интересно!",
    ),
]


@pytest.mark.parametrize(("body", "marker", "comment"), COMMENT_PAGES, ids=["de", "es", "ru"])
def test_comment_section_in_other_languages(body, marker, comment):
    page = "\n\n".join(["Überschrift", *[body] * 6, marker, comment])
    text = clean(page).text
    assert marker not in text and comment not in text and text.count(body) == 6
    top = "\n\n".join(["Überschrift", marker, *[body] * 6])  # a share bar's link above the article stays
    assert clean(top).text.count(body) == 6


def test_comment_marker_below_many_teasers_does_not_drop_the_article():
    """A portal's side lists of truncated headlines above a share bar with a
    ``Comments`` link: the teasers are not the page's running text."""
    teasers = ["What chance did Trayvon Martin...", "The GOP's Latino dilemma", "Broiling hot into Saturday, but..."]
    teasers += ["Happy Hour Roundup", "Metro door causes woman to hurt...", "Bryce Harper's ASG cleats"] * 8
    article = [
        "The Post's mobile Web site has come a long way since we launched last summer, and we have worked "
        "to keep adding functionality as we go.",
        "Our latest release includes one of the features you have been asking for: the ability to read the "
        "comments on every story.",
    ]
    page = "\n\n".join(["Read comments on mobile Web", *teasers, "Comments", "Tweet", "Email", *article])
    assert all(paragraph in clean(page).text for paragraph in article)


def test_every_detector_has_examples_that_drop_and_keep():
    for info in DETECTORS:
        assert any(example.drops for example in info.examples), info.id
        assert any(not example.drops for example in info.examples), info.id
        assert info.id.startswith("generic/")


def test_over_deletion_guard_restores_the_article():
    from cleaner.context import over_deletion_guard

    doc = Document.from_lines([*BODY, *BODY, "A last paragraph the site itself marks as furniture."])
    for block in doc.blocks[:-1]:
        block.drop("generic/some-rule", "nav")
    doc.blocks[-1].drop("ex/site-rule", "footer")
    over_deletion_guard(doc, site_id="ex")
    assert [b.dropped for b in doc.blocks] == [False] * 6 + [True]  # the site's own rule stays
    assert doc.flags == ["over_deletion_guard"]


def test_over_deletion_guard_lets_a_minority_go():
    from cleaner.context import over_deletion_guard

    doc = Document.from_lines([*BODY, *BODY])
    doc.blocks[0].drop("generic/some-rule", "nav")
    over_deletion_guard(doc, site_id=None)
    assert doc.blocks[0].dropped and doc.flags == []


def page(menu, article, footer):
    return Document.from_lines([*menu, *article, *footer])


MENUS = {
    "en": (
        ["Home", "World", "Politics", "Business", "Sport", "Culture"],
        ["Privacy policy", "Contact us", "© 2024 The Daily"],
    ),
    "de": (["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur"], ["Impressum", "Datenschutz", "Kontakt"]),
    "fr": (["Accueil", "International", "Économie", "Sports", "Culture"], ["Mentions légales", "Nous contacter"]),
    "es": (["Inicio", "Nacional", "Deportes", "Cultura", "Opinión"], ["Aviso legal", "Contacto"]),
}
ARTICLES = {
    "en": [
        "Council approves budget",
        "The council approved the new budget on Monday evening after a four-hour debate "
        "about school funding and the repair of roads, the city said in a statement.",
        "Is this the end of the matter?",
    ],
    "de": [
        "Stadtrat beschließt Haushalt",
        "Der Stadtrat hat am Montagabend nach einer vierstündigen Sitzung den neuen "
        "Haushalt für die kommenden zwei Jahre beschlossen, wie die Verwaltung der Stadt mitteilte.",
        "Ist damit das letzte Wort gesprochen?",
    ],
    "fr": [
        "Le conseil adopte le budget",
        "Le conseil municipal a adopté lundi soir, après quatre heures de débat, le "
        "nouveau budget pour les deux prochaines années, a annoncé la mairie dans un communiqué.",
        "Est-ce la fin de l’affaire ?",
    ],
    "es": [
        "El ayuntamiento aprueba el presupuesto",
        "El pleno del ayuntamiento aprobó el lunes por la noche, tras "
        "cuatro horas de debate, el nuevo presupuesto para los próximos dos años, según informó el consistorio.",
        "¿Es este el final del asunto?",
    ],
}


@pytest.mark.parametrize("language", sorted(MENUS))
def test_outside_main_text_drops_menus_and_footers_in_each_language(language):
    menu, footer = MENUS[language]
    doc = page(menu, ARTICLES[language], footer)
    info = next(d for d in DETECTORS if d.id == "generic/outside-main-text")
    info.run(doc)
    assert [b.text for b in doc.blocks if b.dropped] == menu + footer
    assert [b.text for b in doc.kept()] == ARTICLES[language]  # headline, body and closing question stay


def test_outside_main_text_leaves_documents_without_running_text_alone():
    doc = Document.from_lines(["Home", "News", "Bridge reopens after repairs", "The bridge reopened on Monday."])
    next(d for d in DETECTORS if d.id == "generic/outside-main-text").run(doc)
    assert not any(b.dropped for b in doc.blocks)


@pytest.mark.parametrize(
    ("lines", "dropped"),
    [
        (["Politik", "Wirtschaft", "Sport", "Kultur", "Reisen"], 5),  # a menu
        (["Política", "Economía", "Deportes", "Cultura", "Ciencia", "Salud"], 6),
        (["Flour", "Sugar", "Butter"], 0),  # a short list in the article
        (["Mix the flour.", "Add sugar.", "Add butter.", "Bake it.", "Serve it."], 0),  # steps end like sentences
        (["- Cabbage", "- Peas", "- Onions", "- Leeks", "- Garlic"], 0),  # a bulleted list of short items
        (["- капуста", "- кабачок", "- горох", "- помидоры", "- лук"], 0),
        (["1. Mehl", "2. Zucker", "3. Butter", "4. Eier", "5. Salz"], 0),
        (["- Home", "News", "- Sport", "Culture", "Travel"], 5),  # bullets on some lines only: a menu
        (["Two courses in each of these subjects:", "Geography", "Economics", "Sociology", "History", "Law"], 0),
        (["Für vier Personen brauchen Sie:", "Kartoffeln", "Eier", "Zwiebeln", "Olivenöl", "Salz"], 0),
        (["Menu:", "Home", "News", "Sport", "Culture", "Travel"], 5),  # a label, not a lead-in
    ],
)
def test_menu_run(lines, dropped):
    doc = Document.from_lines([ARTICLES["en"][1], *lines, ARTICLES["en"][1]])
    next(d for d in DETECTORS if d.id == "generic/menu-run").run(doc)
    assert sum(b.dropped for b in doc.blocks) == dropped


def test_html_input_skips_text_only_detectors(root):
    from cleaner import clean

    html = (root / "fixtures" / "html" / "share-bar" / "input.html").read_text(encoding="utf-8")
    removed = {r["rule"] for r in clean(html).metadata["removed"]}
    assert not removed & {"generic/outside-main-text", "generic/menu-run"}


BODY_PARAGRAPH = (
    "The council approved the new budget on Monday evening after a four-hour debate about school funding "
    "and the repair of roads, the city said in a statement."
)


@pytest.mark.parametrize(
    ("top", "title"),
    [
        (["Council approves budget", "By Jane Roe", "Nov 18, 2019"], "Council approves budget"),
        (["Updated 5:27 am CST, Wednesday, November 20, 2019", "Council approves budget"], "Council approves budget"),
        (["By Jane Roe", "19 NOV 2019"], None),  # a byline and a date are not a headline
        (["商品の改造が商標法違反に", "by 山田太郎 ／ 2016.12.01"], "商品の改造が商標法違反に"),
        (["Stadtrat beschließt Haushalt", "Von Jana Roth"], "Stadtrat beschließt Haushalt"),
        (["Is this the end of the budget row?"], "Is this the end of the budget row?"),
        (["News Digest 24", "Council approves budget"], "Council approves budget"),  # a feed's name above it
        (["147 Digest", "Stadtrat beschließt Haushalt"], "Stadtrat beschließt Haushalt"),
        (["Morning Briefing"], "Morning Briefing"),  # no headline below: the feed's page itself
    ],
)
def test_text_title_skips_bylines_and_dates(top, title):
    assert clean("\n\n".join([*top, BODY_PARAGRAPH])).metadata["title"] == title


BYLINES = {
    "en": ["By Jane Roe | 12:20 AM ET, 11/01/2011", "Updated 5:27 am CST, Wednesday, November 20, 2019"],
    "de": ["Von Jana Roth", "20. November 2019 um 17:19 Uhr"],
    "fr": ["Par Jeanne Rousseau", "Publié le 20 novembre 2019 à 17h19"],
    "es": ["Por Juana Ruiz", "20 de noviembre de 2019, 17:19"],
}


@pytest.mark.parametrize("language", sorted(BYLINES))
def test_headline_stays_above_byline_and_date(language):
    """The headline is kept when a byline and a date stand between it and
    the body; they go, with the menu above and the footer below."""
    menu, footer = MENUS[language]
    headline, body, closing = ARTICLES[language]
    doc = page(menu, [headline, *BYLINES[language], body, closing], footer)
    next(d for d in DETECTORS if d.id == "generic/outside-main-text").run(doc)
    assert [b.text for b in doc.kept()] == [headline, body, closing]


WRAPPED = {
    "en": [
        "the council approved the new budget on Monday evening",
        "after a four-hour debate about the funding of its",
        "schools and the repair of roads, the city said in",
        "a statement on its website.",
    ],
    "fr": [
        "le conseil municipal a adopté lundi soir le nouveau",
        "budget après un long débat sur le coût des écoles et",
        "des routes, a annoncé la mairie dans un communiqué",
        "publié sur son site.",
    ],
}


@pytest.mark.parametrize("language", sorted(WRAPPED))
def test_hard_wrapped_paragraph_is_running_text(language):
    """Lines of one hard-wrapped paragraph (plain-text mail, <pre> text) are
    judged together: the menu above goes, every line of the paragraph stays."""
    menu, footer = MENUS[language]
    headline = ARTICLES[language][0]
    lines = [*menu, "", headline, "", "Dear members,", *WRAPPED[language], "", *footer]
    doc = Document.from_lines(lines)
    next(d for d in DETECTORS if d.id == "generic/outside-main-text").run(doc)
    assert [b.text for b in doc.kept()] == [headline, "Dear members,", *WRAPPED[language]]


CJK_PAGES = {
    "ja": (
        ["ホーム", "ブログ", "お客様の声", "よくあるご質問", "事務所案内"],
        [
            "商品の改造が商標法違反に",
            "先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで二十代の男性が逮捕されました。",
            "報道によると、今回販売されたのは、いわゆる脱獄した端末で、機能制限を解除したものでした。",
            "もちろん、製造元の会社はこのような改造を認めておらず、保証の対象外としています。",
            "ではなぜ、改造した端末を販売すると、商標権の侵害になるのでしょうか。",
        ],
    ),
    "zh": (
        ["首页", "新闻", "体育", "财经", "娱乐"],
        [
            "市议会通过新预算",
            "市议会周一晚上经过四个小时的辩论，通过了未来两年的新预算，市政府在声明中表示。",
            "新预算将增加学校经费，并用于修复城市道路和桥梁，议员们对此进行了激烈的讨论。",
            "反对者认为预算过高，但最终以微弱多数获得通过，市长对结果表示满意。",
        ],
    ),
}


@pytest.mark.parametrize("language", sorted(CJK_PAGES))
def test_chinese_and_japanese_articles_stay(language):
    """Scripts without spaces between words: a paragraph is one token, so
    words are counted by characters and full-width stops end sentences."""
    menu, article = CJK_PAGES[language]
    kept = clean("\n\n".join([*menu, *article])).text.split("\n\n")
    assert [paragraph.strip() for paragraph in kept] == article


def test_hard_wrapped_paragraph_survives_cleaning_twice():
    """The output keeps a hard-wrapped paragraph's lines together, so the
    second cleaning judges them as the same paragraph (idempotence)."""
    body = ARTICLES["en"][1]
    wrapped = "\n".join(["Dear members,", *WRAPPED["en"], "the mayor has ten days to sign the budget or send it back."])
    menu = ["Menu", "Item", "Other", "Links", "More", "Stuff", "Again"]
    page = "\n\n".join(["Home", "News", ARTICLES["en"][0], body, body, *menu, wrapped, "Contact", "Imprint"])
    once = clean(page).text
    assert "\n".join(WRAPPED["en"]) in once
    assert clean(once).text == once


# --- scraped text: the kind of text, the headline, lists, cut-off paragraphs (issue 17) ---------------


def outside(lines: list[str]) -> list[str]:
    """The lines generic/outside-main-text drops from a document of ``lines``."""
    return run("outside-main-text", lines)


SCRAPED = {  # headline, a paragraph, a subheading, a list, a paragraph, a table, a closing paragraph
    "en": [
        "How the new recycling rules work",
        "The city council has changed the rules for household recycling, and the new system starts on the "
        "first of June, with new bins for every household in the city.",
        "What goes in which bin",
        "- Paper and cardboard",
        "- Glass",
        "- Cans and cartons",
        "The blue bin is now for paper only, and glass moves to the green bin, which will be collected every "
        "two weeks instead of every month from the summer on.",
        *[f"| District {n} | Monday | Tuesday |" for n in range(1, 18)],
        "Residents who live in flats with shared bins will receive new labels by post before the end of May, "
        "the council said in a statement.",
    ],
    "de": [
        "So funktionieren die neuen Regeln für den Müll",
        "Der Stadtrat hat die Regeln für die Mülltrennung geändert, und das neue System beginnt am ersten Juni "
        "mit neuen Tonnen für jeden Haushalt in der Stadt.",
        "Was in welche Tonne gehört",
        "- Papier und Pappe",
        "- Glas",
        "- Dosen und Kartons",
        "Die blaue Tonne ist künftig nur noch für Papier, und das Glas kommt in die grüne Tonne, die ab dem "
        "Sommer alle zwei Wochen geleert wird.",
        *[f"| Bezirk {n} | Montag | Dienstag |" for n in range(1, 18)],
        "Wer in einem Haus mit gemeinsamen Tonnen wohnt, bekommt die neuen Aufkleber bis Ende Mai mit der "
        "Post, teilte die Stadt mit.",
    ],
}


@pytest.mark.parametrize("language", sorted(SCRAPED))
def test_extracted_article_keeps_subheadings_lists_and_tables(language):
    """An article already extracted from its page is main text from its
    first line to its last paragraph: nothing in it is outside."""
    assert outside(SCRAPED[language]) == []


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (["Storm hits the coast", "By Jane Roe", "May 5, 2024", *ARTICLES["en"][1:]], True),  # bylines do not count
        (["Stadtrat beschließt Haushalt", "Finanzen", "Von Jana Roth", "5. Mai 2024", *ARTICLES["de"][1:]], True),
        (["Home", "News", "Sport", "Culture", "Travel", "Weather", *ARTICLES["en"]], False),
        (["Accueil", "International", "Économie", *ARTICLES["fr"]], False),  # a menu on top: a page
    ],
)
def test_extracted_article_is_told_from_a_page_dump(lines, kind):
    from cleaner.detectors import _main_text_shapes, extracted_article

    doc = Document.from_lines(lines)
    assert extracted_article(*_main_text_shapes(doc)) is kind


HEADS = {  # the headline, then what may stand between it and the body
    "en": [
        "Ferry operator cancels winter crossings to the outer islands",
        "The ferry Northern Star at the quay in Kirkwall, January 2023 (Photo: Jane Roe)",
        "Islanders were given two weeks' notice",
        "By Jane Roe",
        "Updated 12:20 PM, May 5, 2024",
    ],
    "fr": [
        "Grève des contrôleurs aériens : des centaines de vols annulés",
        "Transports",
        "Des passagers attendent devant le tableau des départs à Orly, jeudi matin",
        "Par Jeanne Rousseau",
        "Publié le 20 novembre 2019 à 17h19",
    ],
    "de": [
        "Stadtwerke erhöhen die Preise für Fernwärme",
        "Energie",
        "Die Kosten für den Brennstoff sind gestiegen, sagt der Versorger",
        "Von Jana Roth",
        "12. März 2024, 14:05 Uhr",
    ],
}


@pytest.mark.parametrize("language", sorted(HEADS))
def test_headline_stays_with_caption_kicker_and_second_headline(language):
    """The scraper's headline on the first line stays and is the title, with
    a caption, kicker or second headline between it and the body."""
    head = HEADS[language]
    body = {"en": BODY, "fr": ARTICLES["fr"][1:2] * 3, "de": ARTICLES["de"][1:2] * 3}[language]
    result = clean("\n\n".join([*head, *body]), input_format="text")
    assert result.text.startswith(head[0] + "\n\n" + head[1])
    assert result.metadata["title"] == head[0]
    dropped = [line for entry in result.metadata["removed"] for line in entry["text"].split("\n")]
    assert set(dropped) <= set(head[3:])  # at most the byline and the date go


@pytest.mark.parametrize(
    "lines",
    [
        ["Startseite", "Politik", "Wirtschaft", *ARTICLES["de"]],  # a menu's first entry is no headline
        ["Council approves budget - The Daily", "Home", "World", "Weather", "Travel", "Sport", *ARTICLES["en"]],
        ["Home | News | Sport | Culture | Travel | Contact", *ARTICLES["en"]],
    ],
)
def test_first_line_that_is_a_menu_or_a_repeated_page_title_goes(lines):
    assert lines[0] in outside(lines)


@pytest.mark.parametrize(
    ("language", "last"),
    [
        ("en", "The House had approved the bill earlier in the day by a wide"),
        ("en", "Students had asked for the change in a petition signed by more than two thousand"),
        ("de", "Die Opposition will den Haushalt nun vor Gericht prüfen lassen, weil die"),
        ("fr", "Les syndicats ont annoncé un nouveau préavis de grève pour le week-end prochain, et la"),
    ],
)
def test_last_paragraph_cut_off_by_the_scraper_stays(language, last):
    _, body, closing = ARTICLES[language]
    lines = [ARTICLES[language][0], body, body, closing, last]
    assert outside(lines) == []


@pytest.mark.parametrize(
    "last",
    [
        "Copyright 2024 The Daily Bugle, all rights reserved by the",
        "Hurricane Season Starts Early This Year Along The Coast",  # a Title Case teaser
        "Privacy policy",
        "Follow our coverage of the storm at https://example.com/storm and on",
    ],
)
def test_last_line_that_is_not_a_cut_off_paragraph_goes(last):
    headline, body, closing = ARTICLES["en"]
    assert outside([headline, body, body, closing, last]) == [last]


@pytest.mark.parametrize(
    ("language", "opening"),
    [
        ("en", "MIAMI (AP) — A powerful storm knocked out power to more than"),
        ("de", "BERLIN (dpa) - Die Bundesregierung hat am Mittwoch einen Entwurf für"),
        ("fr", "PARIS (AFP) - Des centaines de vols ont été annulés jeudi dans"),
        ("en", "HAYWARD, Calif. (AP) — The Latest on a deadly stabbing on a"),
    ],
)
def test_dateline_paragraph_is_running_text(language, opening):
    """A wire story's first paragraph reads as running text even when it is
    cut off: it is not a line outside the main text."""
    from cleaner.detectors import dateline

    assert dateline(opening)
    menu, footer = MENUS[language]
    headline, body, closing = ARTICLES[language]
    assert outside([*menu, headline, opening, body, closing, *footer]) == menu + footer


@pytest.mark.parametrize(
    "items",
    [
        ["Tour dates:", "June 9 – Tampa, FL", "June 10 – Miami, FL", "June 12 – Atlanta, GA", "July 2 – Boston, MA"],
        ["Ingredientes", "1. Cuatro patatas", "2. Seis huevos", "3. Una cebolla", "4. Sal"],
        ["Was Sie mitbringen sollten", "- Ausweis", "- Meldebescheinigung", "- Passfoto"],
    ],
)
def test_list_after_the_article_stays(items):
    """A list after the last paragraph (a heading or lead-in may stand above
    it) is the article's: three or more lines that start alike."""
    headline, body, closing = ARTICLES["en"]
    assert outside(["Home", "News", "Sport", "Weather", "Travel", headline, body, closing, *items]) == [
        "Home",
        "News",
        "Sport",
        "Weather",
        "Travel",
    ]


def test_footer_links_after_the_article_still_go():
    headline, body, closing = ARTICLES["en"]
    footer = ["About us", "Contact", "Privacy policy", "Terms of use"]
    assert outside([headline, body, closing, *footer]) == footer


@pytest.mark.parametrize(
    "line",
    ["© Jane Roe, Example Agency", "Story Code : 1167543", "Home | News | Sport | Culture | Travel", "By Jane Roe"],
)
def test_title_is_never_a_credit_code_menu_or_byline(line):
    assert clean(f"{line}\n\n{BODY_PARAGRAPH}", input_format="text").metadata["title"] is None


UNCOVERED = {  # languages no stop-word list here covers: length and the sentence end decide
    "ko": [
        "엘제이의 리벤지인가, 류화영의 코스프레인가",
        "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다. "
        "그건 이 사안을 두고 벌어진 진실공방이 어떤 결론을 내더라도 잘못된 일이다.",
        "그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다. "
        "하지만 엘제이는 자신의 부적절한 행동들에 대해 무감한 태도를 보였다. "
        "그는 자신이 사랑하는 사람의 추억을 간직하는 것이 잘못이냐고 말했다. "
        "이런 일들은 사실 연예인처럼 특수한 위치에 있는 이들만이 아니라 보통 사람들에게도 일어날 수 있는 일이다. "
        "그래서 이 사안은 두 사람만의 문제가 아니라 우리 모두가 함께 생각해 보아야 할 문제라고 할 수 있다.",
        "이 사안이 보다 명백하게 무엇이 진실인가가 밝혀져야 하는 이유가 여기에 있다.",
    ],
    "id": [
        "Sejarah pasar lama di tengah kota",
        "Pasar lama di tengah kota sudah berdiri sejak zaman Belanda dan masih ramai dikunjungi warga setiap pagi.",
        "Para pedagang menjual sayur, ikan dan rempah dari desa sekitar, dan banyak di antara mereka sudah berjualan "
        "di tempat yang sama selama puluhan tahun. Pemerintah kota berencana memperbaiki atap dan saluran air pasar "
        "tahun depan, tetapi para pedagang khawatir harga sewa kios akan naik setelah perbaikan selesai dan mereka "
        "tidak lagi mampu membayar sewa tempat berjualan yang sudah mereka tempati selama bertahun-tahun.",
        "Warga berharap pasar itu tetap menjadi tempat berbelanja yang murah bagi semua orang.",
    ],
}


@pytest.mark.parametrize("language", sorted(UNCOVERED))
def test_article_in_a_language_without_stop_words_stays(language):
    """Korean or Indonesian text: the guessed stop-word list covers few of
    its words, so short paragraphs are judged by length and sentence end
    and stay beside the long one; the menu above still goes."""
    from cleaner.detectors import main_text_stopwords

    menu = ["Home", "News", "Sport", "Culture", "Travel", "Contact"]
    assert main_text_stopwords(Document.from_lines(UNCOVERED[language])) == frozenset()
    assert outside([*menu, *UNCOVERED[language]]) == menu


@pytest.mark.parametrize("language", ["en", "de"])
def test_headline_repeated_under_the_scrapers_headline_goes_once(language):
    """A scraper's headline over the page's own (the same words, or the
    scraper's with the site's name): the repeat under it goes, the first
    stays; a line with more words than the headline is not a repeat."""
    headline, body, closing = ARTICLES[language]
    for top in (headline, f"{headline} - The Daily"):
        result = clean("\n\n".join([top, headline.upper(), body, closing]), input_format="text")
        assert result.text.split("\n\n")[:2] == [top, body]
        assert [entry["rule"] for entry in result.metadata["removed"]] == ["generic/title-repeat"]
        assert result.metadata["title"] == top
    kept = clean("\n\n".join([headline, f"{headline} - The Daily", body, closing]), input_format="text")
    assert kept.metadata["removed"] == []
