"""The pages of 协商与民主管理."""
from django.urls import path

from gonghui.bargaining.views import agreements, instructors, overview, rates, records

app_name = "bargaining"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/new/", agreements.agreement_create, name="agreement-create"),
    path("agreements/expiring/", agreements.agreement_expiring, name="agreement-expiring"),
    path("agreements/<int:agreement_id>/", agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:agreement_id>/file/", agreements.agreement_file, name="agreement-file"),
    *[path(f"rates/{slug}/", rates.rate_page, {"rate": slug}, name=f"rate-{slug}") for slug in rates.RATES],
    path("instructors/", instructors.instructor_list, name="instructor-list"),
    path("instructors/new/", instructors.instructor_create, name="instructor-create"),
    path("instructors/<int:instructor_id>/", instructors.instructor_detail, name="instructor-detail"),
    path("classes/", instructors.class_list, name="class-list"),
    path("classes/new/", instructors.class_create, name="class-create"),
    path("classes/<int:training_class_id>/", instructors.class_detail, name="class-detail"),
    path("democracy/", records.democracy_list, name="democracy-list"),
    path("democracy/new/", records.democracy_create, name="democracy-create"),
    path("democracy/<int:democracy_id>/", records.democracy_detail, name="democracy-detail"),
    path("regional-congresses/", records.regional_congress_list, name="regional-congress-list"),
    path("regional-congresses/new/", records.regional_congress_create, name="regional-congress-create"),
    path("regional-congresses/<int:regional_congress_id>/", records.regional_congress_detail, name="regional-congress-detail"),
    path("inspections/", records.inspection_list, name="inspection-list"),
    path("inspections/new/", records.inspection_create, name="inspection-create"),
    path("ratings/", records.rating_list, name="rating-list"),
    path("ratings/new/", records.rating_create, name="rating-create"),
    path("ratings/years/", records.rating_years, name="rating-years"),
    path("displays/", records.displays_list, name="displays-list"),
    path("displays/new/", records.displays_create, name="displays-create"),
    path("model-homes/", records.model_home_list, name="model-home-list"),
    path("model-homes/new/", records.model_home_create, name="model-home-create"),
    path("reviews/", records.review_list, name="review-list"),
    path("reviews/new/", records.review_create, name="review-create"),
    path("elections/", records.election_list, name="election-list"),
    path("elections/new/", records.election_create, name="election-create"),
]
