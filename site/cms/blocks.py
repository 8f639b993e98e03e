"""StreamField blocks for editorial pages: each has an icon, a template, a description, a preview.

Blocks that show domain data (goal progress, pilots, key figures) call a selector in
get_context(); the selectors are imported lazily because the page models import this module.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from pilots.models import HealthArea, LifeStage


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Rubrik"))

    class Meta:
        icon = "title"
        template = "cms/blocks/heading_block.html"
        label = _("Rubrik")
        description = _("En mellanrubrik (h2).")
        preview_value = {"text": "Förebyggande arbete lönar sig"}


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph_block.html"
        label = _("Stycke")
        description = _("Löptext med länkar och listor.")
        preview_value = "<p>Partnerskapet samlar kommuner, regioner och myndigheter.</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"), required=False)
    alt = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        help_text=_(
            "Vad bilden visar, för den som inte ser den. Tomt om bilden bara är dekoration."
        ),
    )
    caption = blocks.CharBlock(label=_("Bildtext"), required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image_block.html"
        label = _("Bild")
        description = _("En bild med alternativtext och bildtext.")
        preview_value = {"image": None, "alt": "", "caption": "Personal i äldreomsorgen på Gotland"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(label=_("Vem som sa det"), required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote_block.html"
        label = _("Citat")
        description = _("Ett citat med namn på den som sa det.")
        preview_value = {
            "quote": "Vi ser redan att färre äldre tappar i vikt efter sjukhusvistelse.",
            "attribution": "Dietist, Region Gotland",
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    link = blocks.CharBlock(
        label=_("Länk"), help_text=_("En adress på webbplatsen, till exempel /organisationer/.")
    )

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action_block.html"
        label = _("Uppmaning")
        description = _("En framträdande länk till en sida.")
        preview_value = {
            "text": "Registrera din organisation",
            "link": "/organisationer/registrera/",
        }


class GoalProgressBlock(blocks.StructBlock):
    goal = blocks.PageChooserBlock(page_type="cms.NationalGoalPage", label=_("Mål"))

    class Meta:
        icon = "pick"
        template = "cms/blocks/goal_progress_block.html"
        label = _("Framsteg mot ett mål")
        description = _("Ett nationellt mål med läge, väg till målet och trend.")
        preview_value = {"goal": None}

    def get_preview_value(self):
        from cms.models import NationalGoalPage

        return self.to_python(
            {"goal": NationalGoalPage.objects.live().values_list("pk", flat=True).first()}
        )

    def get_context(self, value, parent_context=None):
        from cms.selectors import goal_cards

        context = super().get_context(value, parent_context=parent_context)
        goal = value.get("goal")
        cards = goal_cards(goals=[goal.specific]) if goal and goal.live else []
        context["card"] = cards[0] if cards else None
        return context


class PilotListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), required=False)
    health_area = blocks.ChoiceBlock(
        choices=HealthArea.choices, required=False, label=_("Hälsoområde")
    )
    life_stage = blocks.ChoiceBlock(choices=LifeStage.choices, required=False, label=_("Livsskede"))
    count = blocks.IntegerBlock(label=_("Antal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/pilot_list_block.html"
        label = _("Lista med piloter")
        description = _("De senaste öppna piloterna, filtrerade på hälsoområde och livsskede.")
        preview_value = {"heading": "Piloter för äldres hälsa", "life_stage": "aldre", "count": 3}

    def get_context(self, value, parent_context=None):
        from cms.selectors import block_pilots

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["pilots"] = block_pilots(
            user=getattr(request, "user", None),
            health_area=value.get("health_area") or "",
            life_stage=value.get("life_stage") or "",
            count=value.get("count") or 3,
        )
        return context


KEY_FIGURES = [
    ("partners", _("partnerorganisationer")),
    ("pilots", _("öppna piloter")),
    ("kommuner_reached", _("kommuner som nås av piloter")),
    ("approved_reports", _("godkända periodrapporter")),
    ("kommuner_with_partners", _("kommuner med minst en partner")),
]


class KeyFigureBlock(blocks.StructBlock):
    figures = blocks.MultipleChoiceBlock(
        choices=KEY_FIGURES,
        label=_("Nyckeltal"),
        help_text=_("Siffrorna räknas fram när sidan visas."),
    )
    heading = blocks.CharBlock(label=_("Rubrik"), required=False)

    class Meta:
        icon = "table"
        template = "cms/blocks/key_figure_block.html"
        label = _("Nyckeltal")
        description = _("Partnerskapets siffror: partner, piloter, kommuner och rapporter.")
        preview_value = {"figures": ["partners", "pilots", "kommuner_reached"], "heading": ""}

    def get_context(self, value, parent_context=None):
        from cms.selectors import home_key_figures

        context = super().get_context(value, parent_context=parent_context)
        numbers = home_key_figures()
        labels = dict(KEY_FIGURES)
        context["items"] = [
            (numbers.get(key, 0), labels[key])
            for key in value.get("figures") or []
            if key in labels
        ]
        return context


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    goal_progress = GoalProgressBlock()
    pilot_list = PilotListBlock()
    key_figures = KeyFigureBlock()
