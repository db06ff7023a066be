from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """Site-wide facts every template shows: the province and whether data is sample data."""
    from ocop.places.models import Province
    from ocop.registry.models import Producer

    facts = cache.get("ocop:platform")
    if facts is None:
        province = Province.objects.filter(code=settings.OCOP_PROVINCE).first()
        facts = {
            "province_name": province.name if province else "",
            "has_sample_data": Producer.objects.filter(is_sample=True).exists(),
        }
        cache.set("ocop:platform", facts, 60)
    return {"platform": facts}
