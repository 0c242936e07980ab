"""Fill in deploy/nginx.conf.template: ``python deploy/render_nginx.py KEY=VALUE ... > nginx.conf``.

Only ``${UPPER_CASE}`` names are replaced (nginx's own ``$host``, ``$remote_addr`` are left alone), and a
name the template uses but the command line does not give is an error, never an empty string.
``UPSTREAMS`` may be given as a comma-separated list of addresses (``127.0.0.1:8001,127.0.0.1:8002``).
Standard library only, so it runs before the site's virtualenv exists.
"""

import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
NAME = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def upstream_lines(addresses):
    """``server ADDRESS;`` lines of the upstream block, one per gunicorn instance."""
    return "\n        ".join(f"server {address.strip()};" for address in addresses if address.strip())


def render(values, template=TEMPLATE):
    values = dict(values)
    if "UPSTREAMS" in values and not values["UPSTREAMS"].lstrip().startswith("server "):
        values["UPSTREAMS"] = upstream_lines(values["UPSTREAMS"].split(","))
    text = Path(template).read_text()
    missing = sorted({name for name in NAME.findall(text) if name not in values})
    if missing:
        raise KeyError("deploy/nginx.conf.template needs: " + ", ".join(missing))
    return NAME.sub(lambda match: str(values[match.group(1)]), text)


def main(arguments):
    values = dict(argument.split("=", 1) for argument in arguments)
    try:
        text = render(values)
    except KeyError as error:
        sys.exit(error.args[0])
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
