"""A small OpenID Connect identity provider served over real HTTP on loopback, for end-to-end tests.

It speaks the authorisation-code flow as a real provider does: discovery document, an authorize endpoint
that signs the "current user" in at once and redirects back with a code, a token endpoint that checks the
client secret, the redirect URI and the PKCE verifier and returns an RS256-signed ID token (its public key
served as a JWKS), and a userinfo endpoint. Claims are released per scope, as OpenID Connect says:
``profile`` gives name, nickname, preferred username and picture; ``email`` gives the email and whether
it is verified. Every request is recorded so tests can assert what the shop asked for.
"""

import base64
import hashlib
import io
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from PIL import Image

PROFILE_CLAIMS = ("name", "nickname", "preferred_username", "picture", "given_name", "family_name", "locale")
EMAIL_CLAIMS = ("email", "email_verified")


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Grant:
    claims: dict[str, Any]
    scope: list[str]
    redirect_uri: str
    code_challenge: str | None
    nonce: str | None


@dataclass
class FakeIdentityProvider:
    """State of the fake provider; ``user`` is who is "signed in" there (their claims)."""

    client_id: str = "privashop-test-client"
    client_secret: str = "privashop-test-secret"
    kid: str = "fake-idp-key-1"
    user: dict[str, Any] = field(default_factory=dict)
    requests: list[tuple[str, str, dict]] = field(default_factory=list)
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, Grant] = field(default_factory=dict)
    avatar_body: bytes = field(default_factory=_png_bytes)
    avatar_content_type: str = "image/png"

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> "FakeIdentityProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    # --- what tests look at ------------------------------------------------------------------------

    def hits(self, path: str) -> list[dict]:
        return [query for _method, request_path, query in self.requests if request_path == path]

    def authorize_scopes(self) -> list[list[str]]:
        return [query.get("scope", [""])[0].split() for query in self.hits("/authorize")]

    # --- tokens ------------------------------------------------------------------------------------

    def id_token(self, claims: dict[str, Any], *, nonce: str | None = None, audience: str | None = None) -> str:
        now = int(time.time())
        payload = {
            **claims,
            "iss": self.base_url,
            "aud": audience or self.client_id,
            "iat": now,
            "exp": now + 300,
        }
        if nonce:
            payload["nonce"] = nonce
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def discovery(self) -> dict:
        base = self.base_url
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }


def released_claims(claims: dict[str, Any], scope: list[str]) -> dict[str, Any]:
    """The claims a provider releases for ``scope``: the subject always, the rest per scope."""
    allowed = {"sub"}
    if "profile" in scope:
        allowed.update(PROFILE_CLAIMS)
    if "email" in scope:
        allowed.update(EMAIL_CLAIMS)
    return {key: value for key, value in claims.items() if key in allowed}


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _handler_for(idp: FakeIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args) -> None:
            return

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            parsed = parse_qs(self.rfile.read(length).decode())
            return {key: values[0] for key, values in parsed.items()}

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            idp.requests.append(("GET", parts.path, query))
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, idp.discovery())
            elif parts.path == "/jwks":
                self._json(200, idp.jwks())
            elif parts.path == "/authorize":
                self._authorize(query)
            elif parts.path == "/userinfo":
                self._userinfo()
            elif parts.path == "/avatar.png":
                self.send_response(200)
                self.send_header("Content-Type", idp.avatar_content_type)
                self.send_header("Content-Length", str(len(idp.avatar_body)))
                self.end_headers()
                self.wfile.write(idp.avatar_body)
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            form = self._form()
            idp.requests.append(("POST", parts.path, {key: [value] for key, value in form.items()}))
            if parts.path == "/token":
                self._token(form)
            else:
                self._json(404, {"error": "not_found"})

        def _authorize(self, query: dict[str, list[str]]) -> None:
            def one(name: str) -> str | None:
                return query.get(name, [None])[0]

            if one("client_id") != idp.client_id or one("response_type") != "code" or not one("redirect_uri"):
                self._json(400, {"error": "invalid_request"})
                return
            code = secrets.token_urlsafe(16)
            idp.codes[code] = Grant(
                claims=dict(idp.user),
                scope=(one("scope") or "").split(),
                redirect_uri=one("redirect_uri"),
                code_challenge=one("code_challenge"),
                nonce=one("nonce"),
            )
            params = {"code": code}
            if one("state"):
                params["state"] = one("state")
            self.send_response(302)
            self.send_header("Location", f"{one('redirect_uri')}?{urlencode(params)}")
            self.end_headers()

        def _token(self, form: dict[str, str]) -> None:
            client_id, secret = form.get("client_id"), form.get("client_secret")
            authorization = self.headers.get("Authorization", "")
            if authorization.startswith("Basic "):
                client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            if (client_id, secret) != (idp.client_id, idp.client_secret):
                self._json(401, {"error": "invalid_client"})
                return
            grant = idp.codes.pop(form.get("code", ""), None)
            if grant is None or form.get("redirect_uri") != grant.redirect_uri:
                self._json(400, {"error": "invalid_grant"})
                return
            if grant.code_challenge and _s256(form.get("code_verifier", "")) != grant.code_challenge:
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
                return
            access_token = secrets.token_urlsafe(24)
            idp.tokens[access_token] = grant
            self._json(
                200,
                {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "refresh_token": secrets.token_urlsafe(24),
                    "scope": " ".join(grant.scope),
                    "id_token": idp.id_token(released_claims(grant.claims, grant.scope), nonce=grant.nonce),
                },
            )

        def _userinfo(self) -> None:
            authorization = self.headers.get("Authorization", "")
            grant = idp.tokens.get(authorization.removeprefix("Bearer "))
            if grant is None:
                self._json(401, {"error": "invalid_token"})
                return
            self._json(200, released_claims(grant.claims, grant.scope))

    return Handler
