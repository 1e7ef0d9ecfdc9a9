from django.urls import path

from . import pages_cases, pages_figures, pages_ledger, pages_risk

app_name = "disputes"

urlpatterns = [
    # Cases (pages_cases)
    path("", pages_cases.home, name="home"),
    path("reconsiderations/", pages_cases.recon_list, name="recon-list"),
    path("reconsiderations/new/", pages_cases.recon_create, name="recon-create"),
    path("reconsiderations/<int:recon_id>/", pages_cases.recon_detail, name="recon-detail"),
    path(
        "reconsiderations/<int:recon_id>/do/<str:transition>/",
        pages_cases.recon_transition,
        name="recon-transition",
    ),
    path(
        "reconsiderations/<int:recon_id>/parties/",
        pages_cases.recon_reveal,
        name="recon-reveal",
    ),
    path("lawsuits/", pages_cases.lawsuit_list, name="lawsuit-list"),
    path("lawsuits/new/", pages_cases.lawsuit_create, name="lawsuit-create"),
    path("lawsuits/<int:lawsuit_id>/", pages_cases.lawsuit_detail, name="lawsuit-detail"),
    path(
        "lawsuits/<int:lawsuit_id>/do/<str:transition>/",
        pages_cases.lawsuit_transition,
        name="lawsuit-transition",
    ),
    path("lawsuits/<int:lawsuit_id>/parties/", pages_cases.lawsuit_reveal, name="lawsuit-reveal"),
    path(
        "lawsuits/<int:lawsuit_id>/hearings/new/", pages_cases.hearing_create, name="hearing-create"
    ),
    # 争议化解 (pages_risk)
    path("risk/", pages_risk.board, name="risk-board"),
    path("risk/<str:kind>/<int:dispute_id>/mark/", pages_risk.mark, name="risk-mark"),
    path(
        "risk/<str:kind>/<int:dispute_id>/progress/", pages_risk.progress_add, name="risk-progress"
    ),
    path(
        "risk/<str:kind>/<int:dispute_id>/notice/", pages_risk.notice_create, name="notice-create"
    ),
    path("notices/<int:notice_id>/docx/", pages_risk.notice_docx, name="notice-docx"),
    path("briefing/", pages_risk.briefing, name="briefing"),
    path("briefing/docx/", pages_risk.briefing_docx, name="briefing-docx"),
    # Figures (pages_figures)
    path("figures/", pages_figures.figures, name="figures"),
    path("figures/records/", pages_figures.records, name="figure-records"),
    # Ledgers (pages_ledger)
    path("ledger/<str:kind>/template/", pages_ledger.template, name="ledger-template"),
    path("ledger/<str:kind>/import/", pages_ledger.import_upload, name="ledger-import"),
    path(
        "ledger/<str:kind>/import/confirm/",
        pages_ledger.import_confirm,
        name="ledger-import-confirm",
    ),
    path("ledger/<str:kind>/export/", pages_ledger.export, name="ledger-export"),
]
