"""Posts and comments in Reddit's JSON: ``Listing``, ``t3``, ``t1`` and ``more``, with the fields
and shapes the real API sends (an empty ``replies`` is ``""``, ``edited`` is ``false`` or a
timestamp, ``created`` and ``created_utc`` are floats), as in the recordings under
``../shared/data/recorded/reddit``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from indigo_sandbox.reddit.board import PlannedComment, PlannedPost, base36

REDDIT = "https://www.reddit.com"
_BULLET = re.compile(r"^\s*[-*] ")


def listing(children: list[dict[str, Any]], *, after: str | None, before: str | None = None,
            dist: int | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    data: dict[str, Any] = {"after": after, "dist": dist, "modhash": None, "geo_filter": ""}
    data.update(extra or {})
    data["children"] = children
    data["before"] = before
    return {"kind": "Listing", "data": data}


def post_thing(post: PlannedPost, at: float, *, num_comments: int) -> dict[str, Any]:
    state = post.at(at)
    sub = post.subreddit
    permalink = f"/r/{sub.name}/comments/{post.id}/{_slug(post.title)}/"
    data: dict[str, Any] = {
        "approved_at_utc": None,
        "subreddit": sub.name,
        "selftext": state.selftext,
        "author_fullname": f"t2_{_user_id(post.author)}",
        "saved": False,
        "mod_reason_title": None,
        "gilded": 0,
        "clicked": False,
        "title": post.title,
        "link_flair_richtext": [{"e": "text", "t": state.flair}] if state.flair else [],
        "subreddit_name_prefixed": f"r/{sub.name}",
        "hidden": False,
        "pwls": 6,
        "link_flair_css_class": state.flair.lower() if state.flair else None,
        "downs": 0,
        "thumbnail_height": 140 if post.image_ids else None,
        "top_awarded_type": None,
        "hide_score": at - post.created < 3600,
        "name": f"t3_{post.id}",
        "quarantine": False,
        "link_flair_text_color": "dark" if state.flair else None,
        "upvote_ratio": post.upvote_ratio,
        "author_flair_background_color": None,
        "subreddit_type": "public",
        "ups": state.score,
        "total_awards_received": 0,
        "media_embed": {},
        "thumbnail_width": 140 if post.image_ids else None,
        "author_flair_template_id": None,
        "is_original_content": False,
        "user_reports": [],
        "secure_media": None,
        "is_reddit_media_domain": bool(post.image_ids),
        "is_meta": False,
        "category": None,
        "secure_media_embed": {},
        "link_flair_text": state.flair,
        "can_mod_post": False,
        "score": state.score,
        "approved_by": None,
        "is_created_from_ads_ui": False,
        "author_premium": False,
        "thumbnail": _image_url(post.image_ids[0], 140) if post.image_ids else "self",
        "edited": float(state.edited) if state.edited else False,
        "author_flair_css_class": None,
        "author_flair_richtext": [],
        "gildings": {},
        "content_categories": None,
        "is_self": not post.image_ids,
        "mod_note": None,
        "created": float(post.created),
        "link_flair_type": "richtext" if state.flair else "text",
        "wls": 6,
        "removed_by_category": None,
        "banned_by": None,
        "author_flair_type": "text",
        "domain": f"self.{sub.name}" if not post.image_ids else "reddit.com",
        "allow_live_comments": False,
        "selftext_html": markdown_html(state.selftext) if state.selftext else None,
        "likes": None,
        "suggested_sort": "new" if post.stickied(at) else None,
        "banned_at_utc": None,
        "view_count": None,
        "archived": False,
        "no_follow": state.score < 3,
        "is_crosspostable": True,
        "pinned": False,
        "over_18": False,
        "all_awardings": [],
        "awarders": [],
        "media_only": False,
        "can_gild": False,
        "spoiler": False,
        "locked": False,
        "author_flair_text": None,
        "treatment_tags": [],
        "visited": False,
        "removed_by": None,
        "num_reports": None,
        "distinguished": "moderator" if post.stickied(at) else None,
        "subreddit_id": sub.fullname,
        "author_is_blocked": False,
        "mod_reason_by": None,
        "removal_reason": None,
        "link_flair_background_color": "#edeff1" if state.flair else "",
        "id": post.id,
        "is_robot_indexable": True,
        "report_reasons": None,
        "author": post.author,
        "discussion_type": None,
        "num_comments": num_comments,
        "send_replies": True,
        "contest_mode": False,
        "mod_reports": [],
        "author_patreon_flair": False,
        "author_flair_text_color": None,
        "permalink": permalink,
        "stickied": post.stickied(at),
        "url": REDDIT + permalink,
        "subreddit_subscribers": sub.subscribers,
        "created_utc": float(post.created),
        "num_crossposts": 0,
        "media": None,
        "is_video": False,
    }
    if post.image_ids:
        _add_images(data, post)
    return {"kind": "t3", "data": data}


def comment_thing(
    comment: PlannedComment,
    post: PlannedPost,
    at: float,
    *,
    replies: dict[str, Any] | str,
) -> dict[str, Any]:
    text, edited = comment.text_at(at)
    sub = post.subreddit
    score = comment.score_at(at)
    data: dict[str, Any] = {
        "subreddit_id": sub.fullname,
        "approved_at_utc": None,
        "author_is_blocked": False,
        "comment_type": None,
        "awarders": [],
        "mod_reason_by": None,
        "banned_by": None,
        "author_flair_type": "text",
        "total_awards_received": 0,
        "subreddit": sub.name,
        "author_flair_template_id": None,
        "likes": None,
        "replies": replies,
        "user_reports": [],
        "saved": False,
        "id": comment.id,
        "banned_at_utc": None,
        "mod_reason_title": None,
        "gilded": 0,
        "archived": False,
        "collapsed_reason_code": None,
        "no_follow": score < 3,
        "author": comment.author,
        "can_mod_post": False,
        "created_utc": float(comment.created),
        "send_replies": True,
        "parent_id": comment.parent_id,
        "score": score,
        "author_fullname": f"t2_{_user_id(comment.author)}",
        "approved_by": None,
        "mod_note": None,
        "all_awardings": [],
        "collapsed": False,
        "body": text,
        "edited": float(edited) if edited else False,
        "top_awarded_type": None,
        "author_flair_css_class": None,
        "name": f"t1_{comment.id}",
        "is_submitter": comment.is_submitter,
        "downs": 0,
        "author_flair_richtext": [],
        "author_patreon_flair": False,
        "body_html": markdown_html(text),
        "removal_reason": None,
        "collapsed_reason": None,
        "distinguished": None,
        "associated_award": None,
        "stickied": False,
        "author_premium": False,
        "can_gild": False,
        "gildings": {},
        "unrepliable_reason": None,
        "author_flair_text_color": None,
        "score_hidden": at - comment.created < 3600,
        "permalink": f"/r/{sub.name}/comments/{post.id}/{_slug(post.title)}/{comment.id}/",
        "subreddit_type": "public",
        "locked": False,
        "report_reasons": None,
        "created": float(comment.created),
        "author_flair_text": None,
        "treatment_tags": [],
        "link_id": f"t3_{post.id}",
        "subreddit_name_prefixed": f"r/{sub.name}",
        "controversiality": 0,
        "depth": comment.depth,
        "author_flair_background_color": None,
        "collapsed_because_crowd_control": None,
        "mod_reports": [],
        "num_reports": None,
        "ups": score,
    }
    return {"kind": "t1", "data": data}


def more_thing(children: list[str], *, count: int, parent_id: str, depth: int) -> dict[str, Any]:
    """Comments left out: ``children`` their ids; none, with count 0: "continue this thread"."""
    first = children[0] if children else "_"
    return {
        "kind": "more",
        "data": {
            "count": count,
            "name": f"t1_{first}",
            "id": first,
            "parent_id": parent_id,
            "depth": depth,
            "children": children,
        },
    }


def markdown_html(text: str) -> str:
    """Reddit's rendering of the markdown the sandbox writes: paragraphs, lists, tables, bold,
    strikethrough, links."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.split("\n")
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>\n" for line in lines)
            blocks.append(f"<ul>\n{items}</ul>")
        elif len(lines) >= 2 and lines[0].startswith("|") and set(lines[1]) <= set("|:- "):
            head = _cells(lines[0])
            rows = [_cells(line) for line in lines[2:]]
            header = "".join(f"<th>{_inline(cell)}</th>\n" for cell in head)
            body = "".join(
                "<tr>\n" + "".join(f"<td>{_inline(cell)}</td>\n" for cell in row) + "</tr>\n"
                for row in rows
            )
            blocks.append(
                f"<table><thead>\n<tr>\n{header}</tr>\n</thead><tbody>\n{body}</tbody></table>"
            )
        else:
            blocks.append("<p>" + "<br/>\n".join(_inline(line) for line in lines) + "</p>")
    return '<!-- SC_OFF --><div class="md">' + "\n\n".join(blocks) + "\n</div><!-- SC_ON -->"


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"~~(.+?)~~", r"<del>\1</del>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', text)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _add_images(data: dict[str, Any], post: PlannedPost) -> None:
    if post.gallery:
        data["is_gallery"] = True
        data["url"] = data["url_overridden_by_dest"] = f"{REDDIT}/gallery/{post.id}"
        data["gallery_data"] = {
            "items": [
                {"media_id": image, "id": index + 1_000_000_000}
                for index, image in enumerate(post.image_ids)
            ]
        }
        data["media_metadata"] = {
            image: {
                "status": "valid",
                "e": "Image",
                "m": "image/jpg",
                "p": [
                    {"y": width, "x": width, "u": _image_url(image, width)}
                    for width in (108, 216, 320, 640)
                ],
                "s": {"y": 2160, "x": 2160, "u": _image_url(image, 2160)},
                "id": image,
            }
            for image in post.image_ids
        }
    else:
        data["post_hint"] = "image"
        data["url"] = data["url_overridden_by_dest"] = f"https://i.redd.it/{post.image_ids[0]}.jpeg"
        data["preview"] = {
            "images": [
                {
                    "source": {
                        "url": _image_url(post.image_ids[0], 2160),
                        "width": 2160,
                        "height": 2160,
                    },
                    "resolutions": [
                        {
                            "url": _image_url(post.image_ids[0], width),
                            "width": width,
                            "height": width,
                        }
                        for width in (108, 216, 320, 640)
                    ],
                    "variants": {},
                    "id": post.image_ids[0],
                }
            ],
            "enabled": True,
        }


def _image_url(image_id: str, width: int) -> str:
    return f"https://preview.redd.it/{image_id}.jpg?width={width}&format=pjpg&auto=webp&s={image_id[::-1]}"


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "_".join(words)[:50].rstrip("_") or "post"


def _user_id(name: str) -> str:
    return base36(sum((index + 1) * ord(char) for index, char in enumerate(name)) * 7919)
