"""The report and import pages, included by hromada.housing.urls in the "housing" namespace."""

urlpatterns: list = []
