"""MkDocs hooks: forward the build's events to one ``SiteBuild``, which does the work."""

from reporting_centres.site_build import SiteBuild

build = SiteBuild()

on_startup = build.on_startup
on_config = build.on_config
on_serve = build.on_serve
on_files = build.on_files
on_nav = build.on_nav
on_page_markdown = build.on_page_markdown
on_page_content = build.on_page_content
on_page_context = build.on_page_context
on_template_context = build.on_template_context
on_post_page = build.on_post_page
on_post_template = build.on_post_template
on_post_build = build.on_post_build
on_build_error = build.on_build_error
