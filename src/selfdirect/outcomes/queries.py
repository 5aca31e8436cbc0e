from .models import Review


def reviews_for(case):
    return Review.objects.filter(case=case).prefetch_related("ratings__outcome")
