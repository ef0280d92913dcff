"""Prose furniture detectors (issue 17): lines they must drop and lines they
must keep, in the languages whose words they judge. The generic rules of
the same family (support and help appeals, follow and share prompts,
captions and credits, player residue) are tested by their own drop and keep
examples in generic.toml (tests/test_rules.py runs them)."""

import pytest

from cleaner import clean
from cleaner.detectors import DETECTORS
from cleaner.model import Document

EN = [
    "The council approved the new budget on Monday evening after a debate that lasted four hours.",
    "Nine members voted for the plan and four against it, and spending on roads will rise by a tenth.",
    "The opposition said the increase would lead to cuts elsewhere and asked for the contracts to be checked.",
]
DE = [
    "Der Stadtrat hat am Montagabend nach einer vierstündigen Sitzung den neuen Haushalt beschlossen.",
    "Neun Mitglieder stimmten für den Entwurf, vier dagegen, und die Ausgaben für Straßen steigen.",
    "Die Opposition kritisierte, dass die Erhöhung an anderer Stelle zu Kürzungen führen werde.",
]
FR = [
    "Le conseil municipal a adopté lundi soir le nouveau budget après un débat de quatre heures.",
    "Neuf membres ont voté pour le projet et quatre contre, et les dépenses pour les routes vont augmenter.",
    "L'opposition a dit que la hausse entraînerait des coupes ailleurs et a demandé un contrôle des contrats.",
]
ES = [
    "El ayuntamiento aprobó el lunes por la noche el nuevo presupuesto después de un debate de cuatro horas.",
    "Nueve miembros votaron a favor del proyecto y cuatro en contra, y el gasto en las calles subirá.",
    "La oposición dijo que el aumento provocaría recortes en otras partidas y pidió revisar los contratos.",
]
RU = [
    "Городской совет в понедельник вечером после четырёхчасового обсуждения утвердил новый бюджет на два года.",
    "За проект проголосовали девять депутатов, против были четверо, и расходы на ремонт дорог вырастут.",
    "Оппозиция заявила, что рост расходов приведёт к сокращениям в других статьях, и потребовала проверки.",
]


def dropped(name: str, lines: list[str]) -> list[str]:
    """Run one detector on the lines (after the generic rules, as in a
    labelling pass); return the texts the detector dropped."""
    doc = Document.from_lines(lines)
    info = next(d for d in DETECTORS if d.id == f"generic/{name}")
    info.run(doc)
    return [b.text for b in doc.blocks if any(r.rule == info.id for r in b.reasons)]


CASES = [
    # (detector, lines, dropped)
    # Blogger and WordPress comment threads without a widget line
    (
        "comment-section",
        [*EN, "Jane Roe said...", "Great post, thanks!", "March 5, 2019 at 10:15 AM", "Anonymous said...", "Agreed."],
        ["Jane Roe said...", "Great post, thanks!", "March 5, 2019 at 10:15 AM", "Anonymous said...", "Agreed."],
    ),
    (
        "comment-section",
        [*EN, "jroe says:", "March 5, 2019 at 10:15 am", "Well said.", "Reply"],
        ["jroe says:", "March 5, 2019 at 10:15 am", "Well said.", "Reply"],
    ),
    (
        "comment-section",
        [*DE, "Jana Roth hat gesagt…", "Guter Beitrag!", "Anonym hat gesagt…", "Sehe ich auch so."],
        ["Jana Roth hat gesagt…", "Guter Beitrag!", "Anonym hat gesagt…", "Sehe ich auch so."],
    ),
    (
        "comment-section",
        [*FR, "Jeanne a dit…", "Très bon article.", "Anonyme a dit…", "Merci !"],
        ["Jeanne a dit…", "Très bon article.", "Anonyme a dit…", "Merci !"],
    ),
    # a transcript: "<name> says:" without a date is a speaker, not a commenter
    ("comment-section", [*EN, "Roe says:", "We will win this vote.", "Doe says:", "We will not."], []),
    # a single "said..." line without another one or a date: a cut sentence
    ("comment-section", [*EN, "The minister said..."], []),
    # author bios at the end of the article
    (
        "author-bio",
        [*EN, "Jane Roe is senior editor of Example News.", "Follow her on Twitter @janeroe"],
        ["Jane Roe is senior editor of Example News."],
    ),
    (
        "author-bio",
        [*EN, "About the author", "The author has years of experience in energy markets and lives in Oslo."],
        ["About the author", "The author has years of experience in energy markets and lives in Oslo."],
    ),
    ("author-bio", [*DE, "Jana Roth ist Korrespondentin in Moskau."], ["Jana Roth ist Korrespondentin in Moskau."]),
    (
        "author-bio",
        [*ES, "Juana Ruiz es periodista y vive en Bogotá."],
        ["Juana Ruiz es periodista y vive en Bogotá."],
    ),
    (
        "author-bio",
        [*RU, "Иван Петров — политический обозреватель издания."],
        ["Иван Петров — политический обозреватель издания."],
    ),
    # inside the article, a sentence about a person stays
    ("author-bio", [EN[0], "Jane Roe is a historian at the university and has written two books.", *EN[1:]], []),
    (
        "author-bio",
        [DE[0], "Jana Roth ist Historikerin an der Universität und hat zwei Bücher geschrieben.", *DE[1:]],
        [],
    ),
    # a role outside the list: the mayor's sentence is the article's
    ("author-bio", [*EN, "Jane Roe is the mayor of Springfield."], []),
    # related-story lists after the article
    (
        "related-list",
        [*EN, "- Venezuela closes its border with Colombia", "- Maduro asks Putin for help with air defence"],
        ["- Venezuela closes its border with Colombia", "- Maduro asks Putin for help with air defence"],
    ),
    (
        "related-list",
        [*FR, "- Le conseil vote le budget des écoles", "- La mairie ferme le pont pour travaux"],
        ["- Le conseil vote le budget des écoles", "- La mairie ferme le pont pour travaux"],
    ),
    # introduced by the article (a colon), or followed by more article: the article's list
    ("related-list", [*EN[:2], "Three things to bring:", "- Water for the whole day", "- A hat for the sun"], []),
    ("related-list", [EN[0], "- Venezuela closes its border", "- Maduro asks Putin for help", *EN[1:]], []),
    # terms with definitions, specifications, questions, footnotes
    ("related-list", [*EN, "- Generics - Types which take parameters", "- Keyof - The keyof operator"], []),
    ("related-list", [*EN, "- Memory: 16 GB RAM or more", "- Storage: 95 GB available space"], []),
    ("related-list", [*EN, "- Is the renovation worth it?", "- How long will you stay?"], []),
    # the rest of a donation appeal around a line a rule recognised
    (
        "appeal-block",
        [
            *EN,
            "Dear readers",
            "For twenty years we have reported what others ignore, without advertisers or owners.",
            "We need your help!",
            "Every donation, however small, keeps us going. Donate via PayPal or Bitcoin.",
            *EN,
        ],
        [
            "Dear readers",
            "For twenty years we have reported what others ignore, without advertisers or owners.",
            "Every donation, however small, keeps us going. Donate via PayPal or Bitcoin.",
        ],
    ),
    (
        "appeal-block",
        [
            *DE,
            "Liebe Leserinnen und Leser",
            "Wir finanzieren uns ohne Werbung, allein durch die Unterstützung unserer Leser.",
            "Wir brauchen Ihre Hilfe!",
            "Jede Spende hilft uns, unabhängig zu bleiben.",
            *DE,
        ],
        [
            "Liebe Leserinnen und Leser",
            "Wir finanzieren uns ohne Werbung, allein durch die Unterstützung unserer Leser.",
            "Jede Spende hilft uns, unabhängig zu bleiben.",
        ],
    ),
    # an article paragraph next to the appeal stays (no first person and donation words)
    ("appeal-block", [*EN, "We need your help!", *EN], []),
    # image file names between paragraphs
    ("image-file-name", [EN[0], "some-flag", *EN[1:]], ["some-flag"]),
    ("image-file-name", [EN[0], "IMG_0345.jpg", *EN[1:]], ["IMG_0345.jpg"]),
    # a heading the next paragraph explains, a user name among short lines
    (
        "image-file-name",
        [EN[0], "align-items", "Set align-items on the container to line the boxes up, as the example shows."],
        [],
    ),
    ("image-file-name", [*EN, "super-famicom", "Member", "Oct 26, 2017"], []),
    # "Source: <outlet>" at the end
    ("source-line", [*EN, "Source: Al Jazeera"], ["Source: Al Jazeera"]),
    ("source-line", [*DE, "Quelle: dpa"], ["Quelle: dpa"]),
    ("source-line", [*RU, "Источник: ТАСС"], ["Источник: ТАСС"]),
    ("source-line", [EN[0], "Source: Eurostat", *EN[1:]], []),
    # JavaScript that leaked into a news story
    (
        "script-residue",
        [EN[0], "var player = new Player('video-1');", "player.load();", "});", *EN[1:]],
        ["var player = new Player('video-1');", "player.load();", "});"],
    ),
    (
        "script-residue",
        [DE[0], "if (window.innerWidth < 600) {", "document.body.className += ' mobile';", "}", *DE[1:]],
        ["if (window.innerWidth < 600) {", "document.body.className += ' mobile';", "}"],
    ),
    # an article about code keeps its examples
    (
        "script-residue",
        ["The code below loads the player when the page opens.", "var player = new Player('video-1');", *EN],
        [],
    ),
]


@pytest.mark.parametrize(("name", "lines", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_detector(name, lines, expected):
    if name == "appeal-block":  # it extends what a rule recognised: run the rules first
        doc = clean("\n".join(lines), input_format="text")
        removed = [s for s in doc.metadata["removed"] if s["rule"] == "generic/appeal-block"]
        assert [line for s in removed for line in s["text"].split("\n")] == expected
        return
    assert dropped(name, lines) == expected


def test_source_line_moves_the_outlet_to_metadata():
    result = clean("\n".join([*EN, "Source: Al Jazeera"]), input_format="text")
    assert result.metadata["original_source"] == "Al Jazeera"
    assert "Source:" not in result.text


def test_player_residue_split_across_two_lines():
    result = clean("\n".join([*EN, "Your brow", "ser does not support this video format.", *EN]), input_format="text")
    assert "brow" not in result.text and "support this video" not in result.text
