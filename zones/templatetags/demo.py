"""Whether the synthetic demo dataset is loaded, so that every page can say its figures are not real."""

from django import template

from zones.models import DemoDataset

register = template.Library()


@register.simple_tag(takes_context=True)
def demo_dataset_loaded(context):
    """True when a DemoDataset row exists; a page asks the database once however often it asks."""
    request = context.get("request")
    if request is None:
        return DemoDataset.objects.exists()
    if not hasattr(request, "demo_dataset_loaded"):
        request.demo_dataset_loaded = DemoDataset.objects.exists()
    return request.demo_dataset_loaded
