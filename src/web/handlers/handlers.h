/* Private to src/web: the request handlers the route table (routes.c) names.
 * Each parses the request, calls one app/ service, and renders. */
#ifndef MC_WEB_HANDLERS_H
#define MC_WEB_HANDLERS_H

#include "web/web.h"

int mc__h_static(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_openapi(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_health(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_home(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_catalogue(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_issuer(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_issuer_did(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_well_known_did(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_achievement(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_achievement_svg(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_achievement_png(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_credential(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_credential_png(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_credential_svg(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_credential_pdf(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_status_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_sth(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_inclusion(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_consistency(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_entries(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_verify(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_verify_page(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_verify_form(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_problem_type(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_learner(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_profile_search(struct mc_web_req *req, struct mc_web_res *res);

/* The learner's own pages (dashboard.c). */
int mc__h_dashboard(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_enrolment(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_evidence_submit(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_evidence_file(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_withdraw_confirm(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_withdraw(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_enrol(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_backpack(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_public_profile(struct mc_web_req *req, struct mc_web_res *res);

/* The JSON API under /api/v1 (api_*.c; shared parts in api.h, described in
 * web/static/openapi.json and docs/api.md). */
int mc__h_api_me(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_me_enrolments(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_me_credentials(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuers(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuer(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuer_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuer_keys(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuer_rotate_key(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_issuer_staff(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_get(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_update(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_publish(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_mc_archive(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_req_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_req_add(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_req_remove(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_enrol(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_enrolment(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_enrolment_withdraw(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_enrolment_progress(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_enrolment_complete(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_evidence_submit(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_evidence_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_evidence_get(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_evidence_file(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_evidence_review(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_attendance(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_result(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_bulk(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_get(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_export(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_revoke(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_suspend(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_award_reinstate(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_pathway_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_pathway_get(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_pathway_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_pathway_rule(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_endorsement_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_endorsement_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_endorsement_withdraw(struct mc_web_req *req, struct mc_web_res *res);

/* Accounts and API tokens (account.c). */
int mc__h_signup_page(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_signup(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_login_page(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_login(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_logout(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_account(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_account_save(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_account_password(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_tokens(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_token_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_token_revoke(struct mc_web_req *req, struct mc_web_res *res);

/* The issuer console (console*.c). */
int mc__h_console_home(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_overview(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_staff(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_staff_add(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_endorsements(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_endorse(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credentials(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential_new(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential_update(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential_publish(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_credential_archive(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_requirement_add(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_requirement_remove(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_pathways(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_pathway_create(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_reviews(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_review(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_review_record(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_review_file(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_awards(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_award_direct(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_award_bulk(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_award_status(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_analytics(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_console_analytics_credential(struct mc_web_req *req, struct mc_web_res *res);

#endif
