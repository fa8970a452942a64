"""A Scrapy item pipeline that checks every scraped article with newslint, in-process.

In the Scrapy project's settings.py:

    ITEM_PIPELINES = {"scrapy_pipeline.NewslintPipeline": 300}
    NEWSLINT_SELECT = ["B", "E", "S"]   # rules to run (codes, prefixes, names; default: all)
    NEWSLINT_DROP = ["S101", "E9"]      # drop items with findings of these code prefixes

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
    def __init__(self, select=None, drop=()):
        self.linter = Linter(select=select)  # built once: the rules are loaded and checked here
        self.drop = tuple(drop)

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(select=s.getlist("NEWSLINT_SELECT") or None, drop=s.getlist("NEWSLINT_DROP"))

    def process_item(self, item, spider):
        adapter = ItemAdapter(item)
        findings = self.linter.check_text(adapter.get("text") or "", title=adapter.get("title"),
                                          url=adapter.get("url"), path=adapter.get("url") or "<item>")
        dropping = sorted({f.code for f in findings if self.drop and f.code.startswith(self.drop)})
        if dropping:
            raise DropItem(f"newslint: {', '.join(dropping)} in {adapter.get('url')}")
        adapter["newslint"] = [f.to_dict() for f in findings]
        return item
