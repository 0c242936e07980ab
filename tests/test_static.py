"""Production's static files collect: the manifest storage refuses any file that names one it cannot find
(a vendored script's source map, a stylesheet's image), which would stop a deployment."""

from django.core.management import call_command


def test_collectstatic_under_the_manifest_storage_finds_every_file_the_static_files_name(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/leaflet/leaflet.*.js"))
