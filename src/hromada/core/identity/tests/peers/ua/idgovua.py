"""Emulator of ID.GOV.UA's OAuth 2.0 interface as its integration documents and IIT's sample client describe it.

- `GET /?response_type=code&client_id&auth_type&state&redirect_uri`: the consent page (the person picks the way
  they prove who they are among the requested auth_types and "logs in" as one of the configured people).
- `POST /consent`: back to the integrator with `code` and `state` (or `error=access_denied`).
- `/get-access-token` (GET or POST; grant_type, client_id, client_secret, code): access_token and user_id.
- `/get-user-info` (user_id, access_token, fields[, cert]): the requested fields plus `auth_type`; with `cert`
  (double URL-encoded, as integrators send it) the answer is `{"encryptedUserInfo": base64 envelope}`.

Config: {"clients": {id: {"secret", "redirect_uris", "cert", "plain_allowed"}}, "people": {key: {fields}},
"code_ttl", "token_ttl", "envelope_key", "signing_key"} (keys hex)."""

from __future__ import annotations

from urllib.parse import unquote

from .common import Grant, PeerHandler, consent_form, serve, with_query

AUTH_TYPES = ("dig_sign", "bank_id", "diia_id", "mobile_id")


class IdGovUaPeer(PeerHandler):
    routes = {("GET", "/"): "authorize", ("POST", "/consent"): "consent",
              ("*", "/get-access-token"): "token", ("*", "/get-user-info"): "user_info"}

    def authorize(self) -> None:
        redirect_uri = self.authorization_request()
        if redirect_uri is None:
            return
        asked = [t for t in self.params.get("auth_type", "").split(",") if t] or list(AUTH_TYPES)
        if any(t not in AUTH_TYPES for t in asked):
            self.reply_html(400, "<h1>Unknown auth_type</h1>")
            return
        request = self.pending.issue({"client_id": self.params["client_id"], "redirect_uri": redirect_uri,
                                      "state": self.params.get("state", ""), "methods": asked})
        self.reply_html(200, consent_form(action="/consent", title="ID.GOV.UA (emulator)",
                                          hidden={"request": request},
                                          choices={"method": asked, "person": sorted(self.config["people"])}))

    def consent(self) -> None:
        request = self.consented_request()
        if request is None:
            return
        method, person = self.params.get("method", ""), self.config["people"].get(self.params.get("person", ""))
        if method not in request["methods"] or person is None:
            self.reply_html(400, "<h1>Choose one of the offered ways and a person</h1>")
            return
        code = self.codes.issue(Grant(client_id=request["client_id"], redirect_uri=request["redirect_uri"],
                                      person=person, method=method))
        self.redirect(with_query(request["redirect_uri"], {"code": code, "state": request["state"]}))

    def token(self) -> None:
        grant = self.granted(bind_redirect=False)  # ID.GOV.UA's token request carries no redirect_uri
        if grant is None:
            return
        user_id = str(grant.person["id"])  # every configured person has the service's own user id
        token = self.tokens.issue((grant, user_id))
        self.reply_json(200, {"access_token": token, "token_type": "bearer", "expires_in": self.tokens.ttl,
                              "refresh_token": self.codes.issue(None), "user_id": user_id})

    def user_info(self) -> None:
        held = self.tokens.get(self.params.get("access_token", ""))
        if held is None or held[1] != self.params.get("user_id"):
            self.reply_json(401, {"error": "invalid_token", "message": "unknown or expired access token"})
            return
        grant, _user_id = held
        client = self.config["clients"][grant.client_id]
        fields = [f for f in self.params.get("fields", "").split(",") if f]
        answer = {f: grant.person[f] for f in fields if f in grant.person}
        answer["auth_type"] = grant.method
        # The certificate arrives URL-encoded twice, as integrators send it.
        sealed = self.sealed_answer(client, unquote(self.params.get("cert", "")), answer)
        if sealed is None:
            return
        self.reply_json(200, {"encryptedUserInfo": sealed} if sealed else answer)


if __name__ == "__main__":
    serve(IdGovUaPeer)
