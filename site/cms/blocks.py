"""StreamField blocks for editorial pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    call_to_action = CallToActionBlock()
