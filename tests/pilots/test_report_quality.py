"""Data quality at the level of a value: outliers confirmed at entry, approvers' comments on
cells, each value's history (services, pages in Swedish and English, query counts)."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from partners.models import AuditEvent
from pilots import imports
from pilots.models import (
    CellComment,
    IndicatorValue,
    OutlierConfirmation,
    PeriodReport,
    ReportingPeriod,
    ReportStatus,
    ValueChange,
)
from pilots.services import report_save_and_submit, report_submit
from pilots.services.report_cells import cell_key
from pilots.services.report_quality import (
    cell_comment_resolve,
    report_decide_with_comments,
)
from tests.pilots import report_helpers
from tests.pilots.report_helpers import make_pilot, number_cell, percent_cell, save

pytestmark = pytest.mark.django_db
pilot = report_helpers.pilot
period = report_helpers.period

HISTORY = ["50", "52", "49", "51"]


def plant_history(pilot, reporter, values=HISTORY, year=2024):
    """Approved reports of the quarters of `year` with the number indicator's values."""
    for n, value in enumerate(values):
        start = dt.date(year, 3 * n + 1, 1)
        earlier = ReportingPeriod.objects.create(
            pilot=pilot,
            start=start,
            end=start + dt.timedelta(days=80),
            due_date=start + dt.timedelta(days=110),
            label=f"{year} K{n + 1}",
        )
        report = PeriodReport.objects.create(
            period=earlier, pilot=pilot, status=ReportStatus.APPROVED
        )
        IndicatorValue.objects.create(
            report=report, pilot_indicator=pilot.links["number"], value=value
        )


def _key(pilot, gender="T", band=""):
    return cell_key(pilot.links["number"].pk, gender, band)


def _save(period, actor, value, *, version=None, confirmed=()):
    from pilots.services import report_save

    return report_save(
        period=period,
        actor=actor,
        expected_version=version,
        values=[number_cell(period.pilot, value)],
        narrative="Bra.",
        progress="on_track",
        confirmed_outliers=set(confirmed),
    )


# -- outliers ---------------------------------------------------------------------------------


def test_an_outlier_is_refused_until_confirmed_and_the_confirmation_is_kept(
    pilot, period, reporter
):
    plant_history(pilot, reporter)
    with pytest.raises(ValidationError) as refused:
        _save(period, reporter, "520")
    errors = refused.value.error_dict[_key(pilot)]
    assert errors[0].code == "outlier"
    assert errors[0].message == (
        "Värdet 520 är långt från tidigare perioder (median 50,5). Bekräfta att det stämmer."
    )
    assert not PeriodReport.objects.filter(period=period).exists()

    report = _save(period, reporter, "520", confirmed={_key(pilot)})
    confirmation = OutlierConfirmation.objects.get(report=report)
    assert confirmation.confirmed_by == reporter and confirmation.value == 520
    assert "median 50,5" in confirmation.reason
    event = AuditEvent.objects.filter(action="report.created").latest("pk")
    assert "outliers_confirmed" in event.changes
    # The stored value is not asked about again.
    _save(period, reporter, "520", version=report.version)
    assert OutlierConfirmation.objects.count() == 1


def test_a_refused_outlier_is_to_be_confirmed_not_an_error_and_names_its_cell(
    pilot, period, reporter
):
    from django.core.exceptions import NON_FIELD_ERRORS

    plant_history(pilot, reporter)
    with pytest.raises(ValidationError) as refused:
        _save(period, reporter, "520")
    head, line = refused.value.message_dict[NON_FIELD_ERRORS]
    assert head == (
        "Rapporten sparades inte: 1 värde behöver bekräftas. Kontrollera det markerade värdet "
        "och bekräfta det eller rätta det."
    )
    assert "fel" not in head
    name = pilot.links["number"].indicator.name
    assert line.startswith(f"{name} (") and "Värdet 520 är långt från" in line
    # An error and an outlier together: both are said.
    from pilots.services import report_save

    with pytest.raises(ValidationError) as refused:
        report_save(
            period=period,
            actor=reporter,
            expected_version=None,
            values=[number_cell(pilot, "520"), percent_cell(pilot, "5", "2")],
            narrative="Bra.",
            progress="on_track",
            confirmed_outliers=set(),
        )
    head = refused.value.message_dict[NON_FIELD_ERRORS][0]
    assert head.startswith("Rapporten sparades inte: 1 fel och 1 värde som behöver bekräftas.")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            _save(period, reporter, "520")
        assert refused.value.message_dict[NON_FIELD_ERRORS][0].startswith(
            "The report was not saved: 1 value needs to be confirmed. Check the marked value"
        )


def test_ordinary_values_and_the_api_path_are_not_asked(pilot, period, reporter):
    plant_history(pilot, reporter)
    report = _save(period, reporter, "53")
    assert report.values.get().value == 53
    saved = save(period, reporter, version=report.version, values=[number_cell(pilot, "999")])
    assert saved.values.get().value == 999  # confirmed_outliers=None: the API and imports
    assert not OutlierConfirmation.objects.exists()


def test_the_expected_range_of_the_library_is_overridden_by_the_pilot(pilot, period, reporter):
    link = pilot.links["number"]
    link.indicator.expected_max = 100
    link.indicator.save()
    with pytest.raises(ValidationError) as refused:
        _save(period, reporter, "150")
    assert "högre än det förväntade (högst 100)" in refused.value.error_dict[_key(pilot)][0].message
    link.expected_max = 1000
    link.save()
    assert _save(period, reporter, "150").values.get().value == 150


def test_save_and_submit_refuses_an_unconfirmed_outlier_and_saves_nothing(pilot, period, reporter):
    plant_history(pilot, reporter)
    with pytest.raises(ValidationError):
        report_save_and_submit(
            period=period,
            actor=reporter,
            expected_version=None,
            values=[number_cell(pilot, "5.1")],
            narrative="x",
            progress="",
            confirmed_outliers=set(),
        )
    assert not PeriodReport.objects.filter(period=period).exists()


# -- value history ----------------------------------------------------------------------------


def test_every_change_is_recorded_with_who_when_and_channel(pilot, period, reporter):
    report = save(period, reporter, values=[number_cell(pilot, "12"), percent_cell(pilot, 1, 4)])
    report = save(period, reporter, version=report.version, values=[number_cell(pilot, "15")])
    changes = list(ValueChange.objects.filter(report=report).order_by("pk"))
    assert [(c.before, c.after) for c in changes] == [
        (None, "12"),
        (None, "25 (1/4)"),
        ("25 (1/4)", None),
        ("12", "15"),
    ]
    assert {c.channel for c in changes} == {"form"} and changes[0].changed_by == reporter


def test_removing_an_indicator_takes_its_history_and_keeps_the_others(pilot, period, reporter):
    # A value typed and then cleared leaves history and no value: the indicator may be removed.
    # The history has no database constraint on the indicator (pilots.models.quality), so the
    # service must take it: nothing may be left pointing at the removed indicator.
    from pilots.services import pilot_indicator_remove

    report = save(period, reporter, values=[number_cell(pilot, "12"), percent_cell(pilot, 1, 4)])
    save(period, reporter, version=report.version, values=[number_cell(pilot, "12")])
    percent = pilot.links["percent"]
    assert ValueChange.objects.filter(pilot_indicator=percent).count() == 2

    pilot_indicator_remove(pilot_indicator=percent, actor=reporter)

    assert not ValueChange.objects.filter(pilot_indicator_id=percent.pk).exists()
    assert [(c.before, c.after) for c in ValueChange.objects.filter(report=report)] == [
        (None, "12")
    ]


def test_deleting_a_pilot_or_a_user_leaves_no_history_pointing_at_them(
    pilot, period, reporter, organisation
):
    from partners.factories import MembershipFactory

    save(period, reporter, values=[number_cell(pilot, "12")])
    other = make_pilot(organisation)
    other_period = other.periods.order_by("start").first()
    editor = MembershipFactory(organisation=organisation, role="reporter").user
    save(other_period, editor, values=[number_cell(other, "7")])

    editor.delete()  # the change is kept, without its author
    assert list(
        ValueChange.objects.filter(report__pilot=other).values_list("after", "changed_by")
    ) == [("7", None)]
    pilot.delete()  # its changes go with its reports
    assert list(ValueChange.objects.values_list("report__pilot", flat=True)) == [other.pk]


def test_the_import_records_history_in_bulk(client, pilot, reporter, django_assert_max_num_queries):
    periods = list(pilot.periods.order_by("start"))
    rows = [
        [p.pk, p.label, pilot.links["number"].pk, "", "", "", "T", "", str(n + 1), "", "", ""]
        for n, p in enumerate(periods)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(imports.COLUMNS)
    writer.writerows(rows)
    client.force_login(reporter)
    response = client.post(
        f"/piloter/{pilot.slug}/import/",
        {"file": SimpleUploadedFile("v.csv", buffer.getvalue().encode())},
    )
    assert response.status_code == 302
    changes = ValueChange.objects.filter(channel="import")
    assert changes.count() == len(periods)
    assert {c.changed_by_id for c in changes} == {reporter.pk}


def test_the_api_records_its_channel(client, pilot, period, reporter):
    client.force_login(reporter)
    response = client.post(
        f"/api/v1/periods/{period.pk}/report/",
        {
            "expected_version": None,
            "values": [{"pilot_indicator": pilot.links["number"].pk, "value": "7"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert ValueChange.objects.get().channel == "api"


# -- cell comments ----------------------------------------------------------------------------


def _submitted(period, reporter, values=None):
    report = save(period, reporter, values=values)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


def _comment(pilot, text, gender="T", band="", link="number"):
    return {
        "pilot_indicator": pilot.links[link].pk,
        "gender": gender,
        "age_band": band,
        "text": text,
    }


def test_an_approver_returns_with_comments_on_cells(pilot, period, reporter, approver):
    report = _submitted(period, reporter, values=[number_cell(pilot, "12")])
    returned = report_decide_with_comments(
        report=report,
        actor=approver,
        expected_version=report.version,
        approve=False,
        comment="Se kommentarerna.",
        cell_comments=[
            _comment(pilot, "Stämmer 12?"),
            _comment(pilot, "Saknas för flickor.", "K", "0-17", "percent"),
            _comment(pilot, "   "),
        ],
    )
    assert returned.status == ReportStatus.RETURNED
    comments = list(CellComment.objects.filter(report=report).order_by("pk"))
    assert [c.text for c in comments] == ["Stämmer 12?", "Saknas för flickor."]
    assert comments[0].author == approver and comments[0].resolved_at is None
    assert AuditEvent.objects.filter(action="report.cell_commented").exists()

    # Changing the value answers its comment; the other is marked answered by hand.
    save(period, reporter, version=returned.version, values=[number_cell(pilot, "13")])
    comments[0].refresh_from_db()
    assert comments[0].resolved_at is not None and comments[0].resolved_by == reporter
    assert CellComment.objects.get(pk=comments[1].pk).resolved_at is None
    cell_comment_resolve(comment=comments[1], actor=reporter)
    assert CellComment.objects.get(pk=comments[1].pk).resolved_at is not None


def test_a_comment_on_a_submitted_report_cannot_be_marked_answered(
    pilot, period, reporter, approver
):
    report = _submitted(period, reporter, values=[number_cell(pilot, "12")])
    report_decide_with_comments(
        report=report,
        actor=approver,
        expected_version=report.version,
        approve=False,
        comment="Se kommentaren.",
        cell_comments=[_comment(pilot, "Stämmer 12?")],
    )
    comment = CellComment.objects.get(report=report)
    PeriodReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    comment = CellComment.objects.select_related("report").get(pk=comment.pk)
    with pytest.raises(ValidationError):
        cell_comment_resolve(comment=comment, actor=reporter)
    assert CellComment.objects.get(pk=comment.pk).resolved_at is None


def test_comments_are_refused_for_others_and_for_bad_cells(pilot, period, reporter, approver):
    report = _submitted(period, reporter)
    with pytest.raises(PermissionDenied):
        report_decide_with_comments(
            report=report,
            actor=reporter,
            expected_version=report.version,
            approve=False,
            comment="x",
            cell_comments=[_comment(pilot, "x")],
        )
    for bad in (
        _comment(pilot, "x", gender="K"),  # the number indicator is not by kön
        _comment(pilot, "Personnummer 19121212-1212"),
    ):
        with pytest.raises(ValidationError):
            report_decide_with_comments(
                report=report,
                actor=approver,
                expected_version=report.version,
                approve=False,
                comment="x",
                cell_comments=[bad],
            )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not CellComment.objects.exists()


# -- pages ------------------------------------------------------------------------------------


def _url(period, suffix=""):
    return f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/{suffix}"


def _form(period, value, version="", **extra):
    return {
        "version": version,
        "narrative": "Bra period.",
        "progress": "on_track",
        "action": "save",
        "lessons-TOTAL_FORMS": "0",
        "lessons-INITIAL_FORMS": "0",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "50",
        f"{_key(period.pilot)}-value": value,
        **extra,
    }


@pytest.mark.parametrize(
    ("language", "reason", "tick"),
    [
        ("sv", "Värdet 520 är långt från tidigare perioder (median 50,5).", "värdet stämmer"),
        ("en", "The value 520 is far from earlier periods (median 50.5).", "the value is right"),
    ],
)
def test_the_form_asks_to_confirm_an_outlier_then_saves(
    client, pilot, period, reporter, language, reason, tick
):
    plant_history(pilot, reporter)
    client.force_login(reporter)
    client.cookies["django_language"] = language
    response = client.post(_url(period), _form(period, "520"))
    html = response.content.decode()
    assert response.status_code == 400
    assert reason in html and tick in html
    assert f'name="{_key(pilot)}-confirm"' in html
    response = client.post(_url(period), _form(period, "520", **{f"{_key(pilot)}-confirm": "yes"}))
    assert response.status_code == 302
    assert OutlierConfirmation.objects.get().reason.startswith(reason.split(" (")[0])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Avvikande värde:", "Bekräftat av", "Kommentera"]),
        ("en", ["Unusual value:", "Confirmed by", "Comment"]),
    ],
)
def test_the_review_page_shows_flags_and_takes_comments(
    client, pilot, period, reporter, approver, language, words
):
    plant_history(pilot, reporter)
    report = _save(period, reporter, "520", confirmed={_key(pilot)})
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    client.force_login(approver)
    client.cookies["django_language"] = language
    html = client.get(_url(period, "granska/")).content.decode()
    for word in words:
        assert word in html
    # The approver reads the reason, not the reporter's instruction, and the value as the
    # language writes it.
    assert "Bekräfta att det stämmer" not in html and "Confirm that it is right" not in html
    assert ("(median 50,5).</p>" if language == "sv" else "(median 50.5).</p>") in html
    assert 'form="decision-form"' in html
    response = client.post(
        _url(period, "granska/"),
        {
            "version": report.version,
            "comment": "Se värdena.",
            "action": "return",
            f"{_key(pilot)}-comment": "Är 520 rätt?",
        },
    )
    assert response.status_code == 302
    assert CellComment.objects.get().text == "Är 520 rätt?"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["1 kommentar", "Granskarens kommentar:", "Historik", "Markera som besvarad"]),
        ("en", ["1 comment", "Reviewer’s comment:", "History", "Mark as answered"]),
    ],
)
def test_the_reporter_sees_commented_cells_and_the_count_on_mina_sidor(
    client, pilot, period, reporter, approver, language, words
):
    report = _submitted(period, reporter)
    report_decide_with_comments(
        report=report,
        actor=approver,
        expected_version=report.version,
        approve=False,
        comment="Se kommentaren.",
        cell_comments=[_comment(pilot, "Stämmer 12?")],
    )
    client.force_login(reporter)
    client.cookies["django_language"] = language
    dashboard = client.get("/mina-sidor/").content.decode()
    assert words[0] in dashboard
    html = client.get(_url(period)).content.decode()
    assert "Stämmer 12?" in html
    for word in words[1:]:
        assert word in html
    comment = CellComment.objects.get()
    response = client.post(_url(period, f"kommentarer/{comment.pk}/besvarad/"))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is not None


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", ["Värdets historik", "formuläret", "12", "15"]), ("en", ["Value history", "form"])],
)
def test_the_history_of_a_value_is_one_click_from_the_cell(
    client, pilot, period, reporter, language, words
):
    report = save(period, reporter, values=[number_cell(pilot, "12")])
    save(period, reporter, version=report.version, values=[number_cell(pilot, "15")])
    client.force_login(reporter)
    client.cookies["django_language"] = language
    html = client.get(_url(period)).content.decode()
    link = _url(period, f"varden/{pilot.links['number'].pk}/T/")
    assert f'href="{link}"' in html
    page = client.get(link)
    assert page.status_code == 200
    for word in words:
        assert word in page.content.decode()


def test_the_history_page_refuses_strangers_and_unknown_cells(
    client, pilot, period, reporter, outsider, viewer
):
    save(period, reporter)
    link = _url(period, f"varden/{pilot.links['number'].pk}/T/")
    client.force_login(viewer)
    assert client.get(link).status_code == 200
    assert client.get(_url(period, f"varden/{pilot.links['number'].pk}/K/")).status_code == 404
    assert client.get(link + "?alder=99-100").status_code == 404
    client.force_login(outsider)
    assert client.get(link).status_code == 403


def test_only_reporters_may_mark_a_comment_answered(
    client, pilot, period, reporter, approver, viewer
):
    report = _submitted(period, reporter)
    report_decide_with_comments(
        report=report,
        actor=approver,
        expected_version=report.version,
        approve=False,
        comment="x",
        cell_comments=[_comment(pilot, "y")],
    )
    comment = CellComment.objects.get()
    client.force_login(viewer)
    assert client.post(_url(period, f"kommentarer/{comment.pk}/besvarad/")).status_code == 403
    assert client.get(_url(period, f"kommentarer/{comment.pk}/besvarad/")).status_code == 405
    assert CellComment.objects.get().resolved_at is None


# -- query counts -----------------------------------------------------------------------------


def test_report_pages_query_counts_do_not_grow_with_cells_and_comments(
    client, organisation, reporter, approver, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def prepare(bands):
        pilot = make_pilot(organisation)
        link = pilot.links["percent"]
        link.indicator.age_bands = [f"{n}-{n + 1}" for n in range(bands)]
        link.indicator.save()
        period = pilot.periods.order_by("start").first()
        period.pilot = pilot
        plant_history(pilot, reporter)
        cells = [
            percent_cell(pilot, 1, 4, gender, band)
            for gender in "TKM"
            for band in link.indicator.bands
        ]
        report = save(period, reporter, values=[number_cell(pilot, "51"), *cells])
        report = report_submit(report=report, actor=reporter, expected_version=report.version)
        report_decide_with_comments(
            report=report,
            actor=approver,
            expected_version=report.version,
            approve=False,
            comment="x",
            cell_comments=[
                _comment(
                    pilot,
                    f"Fråga {c['gender']}{c['age_band']}",
                    c["gender"],
                    c["age_band"],
                    "percent",
                )
                for c in cells
            ],
        )
        return period

    small, big = prepare(1), prepare(12)
    counts = {}
    for who, suffix in ((reporter, ""), (approver, "granska/")):
        client.force_login(who)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(small, suffix)).status_code == 200
        counts[suffix] = len(ctx)
        with django_assert_max_num_queries(len(ctx)):
            assert client.get(_url(big, suffix)).status_code == 200
    print(f"report page queries: {counts}")


# -- API --------------------------------------------------------------------------------------


def test_api_return_with_cell_comments_then_list_history_and_outliers(
    client, pilot, period, reporter, approver, viewer, outsider
):
    plant_history(pilot, reporter)
    report = _save(period, reporter, "520", confirmed={_key(pilot)})
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    client.force_login(approver)
    response = client.post(
        f"/api/v1/reports/{report.pk}/return/",
        {
            "expected_version": report.version,
            "comment": "Se kommentaren.",
            "cell_comments": [
                {"pilot_indicator": pilot.links["number"].pk, "gender": "T", "text": "Rätt?"}
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"

    client.force_login(viewer)
    comments = client.get(f"/api/v1/reports/{report.pk}/comments/").json()["results"]
    assert [(c["text"], c["resolved_at"]) for c in comments] == [("Rätt?", None)]
    history = client.get(
        f"/api/v1/reports/{report.pk}/history/",
        {"pilot_indicator": pilot.links["number"].pk, "gender": "T", "age_band": ""},
    ).json()["results"]
    assert [(h["before"], h["after"], h["channel"]) for h in history] == [(None, "520", "form")]
    assert (
        client.get(f"/api/v1/reports/{report.pk}/history/", {"pilot_indicator": "x"}).json()[
            "results"
        ]
        == []
    )
    flags = client.get(f"/api/v1/reports/{report.pk}/outliers/").json()
    assert len(flags) == 1 and flags[0]["confirmed"] is True
    assert "median 50,5" in flags[0]["reason"]

    client.force_login(outsider)
    assert client.get(f"/api/v1/reports/{report.pk}/comments/").status_code == 404


def test_api_return_refuses_comments_on_cells_the_report_does_not_have(
    client, pilot, period, reporter, approver
):
    report = _submitted(period, reporter)
    client.force_login(approver)
    response = client.post(
        f"/api/v1/reports/{report.pk}/return/",
        {
            "expected_version": report.version,
            "comment": "x",
            "cell_comments": [{"pilot_indicator": 999999, "text": "Rätt?"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not CellComment.objects.exists()


def test_the_expected_range_is_set_in_the_library_and_must_be_in_order(coordinator):
    from pilots.services import indicator_save

    indicator = indicator_save(
        actor=coordinator,
        name="Besök",
        definition="Antal besök.",
        expected_min=0,
        expected_max=500,
    )
    assert (indicator.expected_min, indicator.expected_max) == (0, 500)
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=coordinator, indicator=indicator, expected_min=600)
    assert "expected_max" in refused.value.message_dict


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", ["Förväntat intervall", "Förväntat högsta värde"]), ("en", ["Expected range"])],
)
def test_the_pilot_overrides_the_expected_range_in_the_indicator_step(
    client, pilot, period, reporter, language, words
):
    from django.urls import reverse

    link = pilot.links["number"]
    link.indicator.expected_max = 100
    link.indicator.save()
    url = reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": "indikatorer"})
    client.force_login(reporter)
    client.cookies["django_language"] = language
    html = client.get(url).content.decode()
    for word in words:
        assert word in html
    pilot.refresh_from_db()
    data = {"action": "update", "pi": link.pk, f"pi{link.pk}-version": pilot.version}
    bad = {f"pi{link.pk}-expected_min": "9", f"pi{link.pk}-expected_max": "5"}
    refused = client.post(url, {**data, **bad})
    assert "expected_max" in refused.context["link_forms"][0].errors
    response = client.post(url, {**data, f"pi{link.pk}-expected_max": "1 000"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    link.refresh_from_db()
    assert link.expected_range == (None, 1000)
    assert _save(period, reporter, "150").values.get().value == 150


def test_an_import_over_earlier_values_records_old_and_new_of_each_changed_cell(
    client, pilot, reporter
):
    periods = list(pilot.periods.order_by("start"))[:3]

    def upload(values):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(imports.COLUMNS)
        for period, value in zip(periods, values, strict=True):
            link = pilot.links["number"].pk
            writer.writerow([period.pk, "", link, "", "", "", "T", "", value, "", "", ""])
        response = client.post(
            f"/piloter/{pilot.slug}/import/",
            {"file": SimpleUploadedFile("v.csv", buffer.getvalue().encode())},
        )
        assert response.status_code == 302

    client.force_login(reporter)
    upload(["7", "8", "9"])
    upload(["7", "12,5", "1 200"])  # the first unchanged: no history for it
    changes = [
        (c.report.period_id, c.before, c.after, c.channel, c.changed_by_id, c.gender, c.age_band)
        for c in ValueChange.objects.select_related("report")
    ]
    first, second, third = (p.pk for p in periods)
    assert len(changes) == 5 and set(changes) == {
        (first, None, "7", "import", reporter.pk, "T", ""),
        (second, None, "8", "import", reporter.pk, "T", ""),
        (third, None, "9", "import", reporter.pk, "T", ""),
        (second, "8", "12.5", "import", reporter.pk, "T", ""),
        (third, "9", "1200", "import", reporter.pk, "T", ""),
    }
    assert all(c.changed_at is not None for c in ValueChange.objects.all())
