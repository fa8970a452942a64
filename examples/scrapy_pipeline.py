"""A Scrapy item pipeline that checks every scraped article with newslint, in-process.

In the Scrapy project's settings.py:

    ITEM_PIPELINES = {"scrapy_pipeline.NewslintPipeline": 300}
    NEWSLINT_SELECT = ["B", "E", "S"]   # rules to run (codes, prefixes, names; default: all)
    NEWSLINT_DROP = ["S101", "E9"]      # drop items with findings of these codes or prefixes

Each kept item carries its findings under item["newslint"], as dicts with the fields of
`newslint --output-format json`. Items are dicts, or scrapy Items that declare a `newslint`
field. Corpus rules (D201 duplicates) see one item at a time here; run `newslint` over the
exported feed to find duplicates across the crawl.
"""
from newslint import Linter

try:
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem
except ImportError:  # the pipeline also runs without Scrapy (tests, other crawlers): items are dicts
    def ItemAdapter(item):
        return item

    class DropItem(Exception):
        """Stands in for scrapy.exceptions.DropItem."""


class NewslintPipeline:
    def __init__(self, select=None, drop=(), text_field="text", title_field="title", url_field="url"):
        self.linter = Linter(select=select)  # built once: the rules are loaded and compiled here
        self.drop = tuple(code.upper() for code in drop)
        self.fields = text_field, title_field, url_field

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(select=settings.getlist("NEWSLINT_SELECT") or None, drop=settings.getlist("NEWSLINT_DROP"))

    def process_item(self, item, spider):
        adapter = ItemAdapter(item)
        text_field, title_field, url_field = self.fields
        url = adapter.get(url_field)
        findings = self.linter.check_text(adapter.get(text_field) or "", title=adapter.get(title_field),
                                          url=url, path=url or "<item>")
        dropping = sorted({f.code for f in findings if f.code.startswith(self.drop)}) if self.drop else []
        if dropping:
            raise DropItem(f"newslint: {', '.join(dropping)} in {url or 'an item'}")
        adapter["newslint"] = [f.to_dict() for f in findings]
        return item
