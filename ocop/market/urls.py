from django.urls import path

from ocop.market.views import channels, fairs, listings, maps, showrooms

app_name = "market"
urlpatterns = [
    path("showrooms/", showrooms.showroom_list, name="showrooms"),
    path("showrooms/new/", showrooms.showroom_edit, name="showroom_add"),
    path("showrooms/audit/", showrooms.audit_run, name="audit_run"),
    path("showrooms/<int:pk>/", showrooms.showroom_detail, name="showroom"),
    path("showrooms/<int:pk>/edit/", showrooms.showroom_edit, name="showroom_edit"),
    path("showrooms/<int:pk>/status/", showrooms.showroom_status, name="showroom_status"),
    path("showrooms/<int:pk>/photos/", showrooms.showroom_photo_upload, name="showroom_photos"),
    path("showrooms/<int:pk>/compliance/", showrooms.compliance, name="compliance"),
    path("showrooms/<int:pk>/listings/new/", listings.listing_add, name="listing_add"),
    path("showrooms/<int:pk>/listings/import/", listings.listing_import, name="listing_import"),
    path("showroom-photos/<int:pk>/", showrooms.showroom_photo, name="showroom_photo"),
    path("listings/<int:pk>/edit/", listings.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/remove/", listings.listing_remove, name="listing_remove"),
    path("retailers/", channels.retailer_list, name="retailers"),
    path("retailers/new/", channels.retailer_edit, name="retailer_add"),
    path("retailers/<int:pk>/", channels.retailer_detail, name="retailer"),
    path("retailers/<int:pk>/edit/", channels.retailer_edit, name="retailer_edit"),
    path("retailers/<int:pk>/carries/", channels.carriage_add, name="carriage_add"),
    path("carried/<int:pk>/end/", channels.carriage_end, name="carriage_end"),
    path("producers/<int:pk>/channels/", channels.producer_channels, name="producer_channels"),
    path("channels/<int:pk>/end/", channels.producer_channel_end, name="producer_channel_end"),
    path("indicators/", channels.indicator_summary, name="indicators"),
    path("fairs/", fairs.fair_calendar, name="fairs"),
    path("fairs/new/", fairs.fair_edit, name="fair_add"),
    path("fairs/<int:pk>/", fairs.fair_detail, name="fair"),
    path("fairs/<int:pk>/edit/", fairs.fair_edit, name="fair_edit"),
    path("fairs/<int:pk>/registrations/", fairs.fair_manage, name="fair_manage"),
    path("fairs/<int:pk>/register/", fairs.fair_register, name="fair_register"),
    path("fairs/<int:pk>/results/", fairs.fair_results, name="fair_results"),
    path("registrations/<int:pk>/decide/", fairs.registration_decide, name="registration_decide"),
    path("map/", maps.market_map, name="map"),
]
