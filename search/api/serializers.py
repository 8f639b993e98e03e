"""Serializers of the search API's responses (read only)."""

from rest_framework import serializers


class HitSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc_type")
    type_label = serializers.CharField()
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField()
    url = serializers.CharField()
    title_html = serializers.CharField(help_text="Title with matches in <mark>, the rest escaped.")
    snippet = serializers.CharField(help_text="Excerpt with matches in <mark>, the rest escaped.")
    published_at = serializers.DateTimeField(allow_null=True)
    replication_count = serializers.IntegerField()
    facets = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    matched_field = serializers.CharField(
        help_text="The field the snippet comes from (summary, body, taxonomy, places, "
        "organisations; empty when only the title matched)."
    )
    key_result = serializers.CharField(
        help_text="A pilot's latest approved value of its first indicator against its target."
    )
    origin = serializers.CharField(
        help_text="For a lesson, the title of the pilot it comes from; empty for other types."
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    type = serializers.CharField(source="doc_type")


class SearchResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    total_is_estimate = serializers.BooleanField(
        help_text="True past 1 000 hits: `total` is then a lower bound and the facet counts "
        "are those of the first `total` hits."
    )
    page = serializers.IntegerField(source="query.page")
    page_size = serializers.IntegerField(source="query.page_size")
    num_pages = serializers.IntegerField()
    results = HitSerializer(many=True, source="hits")
    facets = serializers.SerializerMethodField()
    suggestions = SuggestionSerializer(many=True)
    did_you_mean = serializers.CharField(
        help_text="The query with words corrected from the index's vocabulary (missing å/ä/ö, "
        "misspellings), or empty."
    )
    showing_corrected = serializers.BooleanField(
        help_text="True when the query found nothing and the results are those of `did_you_mean`."
    )

    def get_facets(self, obj) -> dict[str, list[dict]]:
        return {
            facet: [FacetValueSerializer(v._asdict()).data for v in values]
            for facet, values in obj.facets.items()
        }
