"""Who may see and change which zone's data; every interface (admin, API, imports) asks here."""

from .models import Zone


def editable_zones(user):
    """Zones whose data the user may change: all for a superuser, else the zones they answer for."""
    if not user.is_authenticated or not user.is_active:
        return Zone.objects.none()
    if user.is_superuser:
        return Zone.objects.all()
    return Zone.objects.filter(memberships__user=user)


def can_edit_zone(user, zone) -> bool:
    return editable_zones(user).filter(pk=zone.pk).exists()
