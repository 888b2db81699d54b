"""The Content Security Policy (django-csp), with the one loosening the Django admin needs.

The site's own templates use no inline scripts or styles, so the policy (``CONTENT_SECURITY_POLICY`` in
the settings) allows only files from the site itself. Django's admin writes a few ``<style>`` blocks and
``style=""`` attributes (the change list, the retention chart), so under the admin path styles may also be
inline. Inline styles cannot run code. Scripts stay limited to the site's own files everywhere; under the
admin path they may also evaluate expressions ('unsafe-eval'), because the admin's theme (django-unfold)
drives its menus with Alpine.js, which compiles the ``x-data``/``@click`` attributes of its own templates.
Inline ``<script>`` blocks and ``on...=`` handlers stay forbidden there too.
"""

from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            update["script-src"] = [*update.get("script-src", []), UNSAFE_EVAL]
            parts.update = update
        return parts
