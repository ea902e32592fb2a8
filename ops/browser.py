"""A browser for scripts: one person's cookies, the site's forms filled and sent as a browser
sends them (the current values of every field, the value of the button clicked), and the same
Host header whichever server it reaches, as behind a load balancer."""

import http.client
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from io import BytesIO
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Form:
    """A form of a page as a browser would send it: its fields' current values (the checked
    boxes, the selected options), and its submit buttons, which send a value only when
    clicked."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    file_fields: list[str] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields} | set(self.file_fields)

    def submission(self, *, button: tuple[str, str] | None = None, **values: str) -> list:
        """The fields, with ``values`` typed in, and the value of the button clicked."""
        if button is not None and button not in self.buttons:
            raise LookupError(f"No button {button} in the form to {self.action}: {self.buttons}")
        sent = [(name, value) for name, value in self.fields if name not in values]
        sent += list(values.items())
        return [*sent, button] if button else sent


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=attributes.get("action") or "",
                method=(attributes.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attributes:
            return
        elif tag == "option" and self._select is not None:
            self._select["options"].append(
                {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            )
        elif name := attributes.get("name"):
            self._named_field(tag, name, attributes)

    def _named_field(self, tag: str, name: str, attributes: dict) -> None:
        kind = (attributes.get("type") or "").lower()
        if tag == "input":
            self._input(name, kind or "text", attributes)
        elif tag == "button" and kind in {"", "submit"}:
            self._form.buttons.append((name, attributes.get("value") or ""))
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "textarea":
            self._textarea = (name, [])

    def _input(self, name: str, kind: str, attributes: dict) -> None:
        if kind in {"submit", "image"}:
            self._form.buttons.append((name, attributes.get("value") or ""))
        elif kind == "file":
            self._form.file_fields.append(name)
        elif kind in {"checkbox", "radio"}:
            if "checked" in attributes:
                self._form.fields.append((name, attributes.get("value") or "on"))
        elif kind not in {"button", "reset"}:
            self._form.fields.append((name, attributes.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1]["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [option for option in options if option["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # what a browser sends when nothing is selected
            self._form.fields += [
                (
                    self._select["name"],
                    option["text"].strip() if option["value"] is None else option["value"],
                )
                for option in chosen
            ]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            # A browser drops the newline that follows <textarea>.
            self._form.fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


@dataclass
class Page:
    path: str
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.text)
        for form in parser.forms:
            form.action = urlsplit(urljoin(self.path, form.action)).path or self.path
        return parser.forms

    def form(self, *, action: str | None = None, with_field: str | None = None) -> Form:
        for form in self.forms():
            if (action is None or form.action == action) and (
                with_field is None or with_field in form.names()
            ):
                return form
        raise LookupError(
            f"No form (action {action}, field {with_field}) on {self.path} ({self.status})"
        )


@dataclass(frozen=True)
class Server:
    """One app server of the site ``host``, listening on the loopback."""

    name: str
    port: int
    host: str


class Browser:
    """One person's browser. It keeps one set of cookies for the site, whichever server answers:
    a browser keeps cookies by host name, and behind a load balancer the servers share one.

    Cookies are kept by hand: the production cookies are Secure, and the standard library's
    cookie jar never sends a Secure cookie over plain HTTP (a browser does, to the loopback)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, server: Server, path: str, *, follow: bool = True) -> Page:
        page = self._request(server, "GET", path)
        for _ in range(10):
            if not (follow and page.status in {301, 302, 303, 307, 308}):
                break
            page = self._request(server, "GET", _local(server, page.path, page.location))
        return page

    def post(self, server: Server, path: str, fields: list, files: dict | None = None) -> Page:
        """Sends a form; a redirect is returned, not followed."""
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self._request(server, "POST", path, body, {"Content-Type": content_type})

    def _request(self, server, method, path, body=None, headers=None) -> Page:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        sent = {"Host": server.host, "Accept-Language": "fr", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        return Page(path=path, status=response.status, headers=response.headers, text=text)

    def _keep(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            # Django deletes a cookie with max-age 0 and an expiry in 1970.
            if morsel["max-age"] == "0" or morsel["expires"].endswith("1970 00:00:00 GMT"):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def _local(server: Server, current: str, location: str) -> str:
    """Where a redirect leads, on the same server: the load balancer may send it to any."""
    target = urlsplit(urljoin(current, location))
    if target.netloc not in {"", server.host}:
        raise ValueError(f"{current} redirects off the site: {location}")
    return target.path + (f"?{target.query}" if target.query else "")


def _multipart(fields: list, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = BytesIO()
    for name, value in fields:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        body.write(f"{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        body.write(content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"
