"""Review pages. Every page needs a signed-in user (reading reviews happens on the product page).

Changes are POSTs protected by CSRF and answered with a redirect, so everything works without
JavaScript. Another shopper's review answers 404 exactly like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from core.rate_limits import rate_limited
from core.web_errors import form_errors, redirect_on_domain_error, render_on_domain_error
from privacy.selectors.minors import user_is_restricted
from shop.reviews.display import review_is_editable, variant_label
from shop.reviews.errors import AlreadyReviewed, GuardianConsentRequired, NotABuyer
from shop.reviews.models import Review, ReviewStatus
from shop.reviews.selectors import (
    order_line_reviewable,
    review_get_visible,
    review_of_order_line,
    review_own_get,
    reviews_of_user,
)
from shop.reviews.services.feedback import review_mark_helpful, review_report
from shop.reviews.services.reviews import review_create, review_delete, review_update
from shop.reviews.web.forms import ReportForm, ReviewForm

REVIEWS_PER_PAGE = 20


REFUSED_PAGE = "reviews/refused.html"


def _own_review_or_404(request: HttpRequest, review_id: int):
    """The caller's review; another's is a 404 (``NotFound``, through ``core.web_errors``)."""
    return review_own_get(user=request.user, review_id=review_id)


def _back_to_product(request: HttpRequest, slug: str) -> HttpResponse:
    return redirect(reverse("product-detail", kwargs={"slug": slug}) + "#reviews")


def _reviews_of_product_of(*, review_id: int) -> str:
    """Where a refused report or vote is explained: the reviews of the product, as before the refusal."""
    slug = Review.objects.filter(pk=review_id).values_list("product__slug", flat=True).first()
    return reverse("product-detail", kwargs={"slug": slug}) + "#reviews" if slug else reverse("reviews:mine")


@login_required
def my_reviews_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(reviews_of_user(user=request.user), REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/review_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("review_post")
@render_on_domain_error(REFUSED_PAGE, NotABuyer, GuardianConsentRequired)
def review_new_page(request: HttpRequest, order_line_id: int) -> HttpResponse:
    existing = review_of_order_line(user=request.user, order_line_id=order_line_id)
    if existing is not None:
        messages.info(request, gettext("You have already reviewed this purchase; you can change your review here."))
        return redirect("reviews:edit", review_id=existing.pk)
    if user_is_restricted(user=request.user):
        # Said before the shopper writes anything; the service refuses the post all the same.
        raise GuardianConsentRequired()
    line = order_line_reviewable(user=request.user, order_line_id=order_line_id)
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with form_errors(form, unless=(NotABuyer, GuardianConsentRequired, AlreadyReviewed)):
                review = review_create(
                    user=request.user,
                    order_line_id=line.pk,
                    rating=data["rating"],
                    text=data["text"],
                    images=data["images"],
                )
        except AlreadyReviewed as error:  # a second tab posted first: edit that review instead
            return redirect("reviews:edit", review_id=error.extra["review"])
        if not form.errors:
            published = review.status == ReviewStatus.PUBLISHED
            messages.success(
                request,
                gettext("Thank you for your review.")
                if published
                else gettext("Thank you: your review will show once approved."),
            )
            return redirect("reviews:mine")
    context = {"form": form, "line": line, "variant": variant_label(line.attributes), "review": None}
    return render(request, "reviews/review_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("review_edit")
@render_on_domain_error(REFUSED_PAGE, GuardianConsentRequired)
def review_edit_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _own_review_or_404(request, review_id)
    photos = list(review.images.all())
    if not review_is_editable(review):
        messages.error(request, gettext("This review can no longer be edited; you can still delete it."))
        return redirect("reviews:mine")
    initial = {"rating": review.rating, "text": review.text}
    form = ReviewForm(request.POST or None, request.FILES or None, initial=initial, photos=photos)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form_errors(form, unless=(GuardianConsentRequired,)):
            review_update(
                user=request.user,
                review_id=review.pk,
                rating=data["rating"],
                text=data["text"],
                images=data["images"],
                remove_image_ids=data.get("remove_images") or (),
            )
            messages.success(request, gettext("Your review is saved."))
            return redirect("reviews:mine")
    context = {
        "form": form,
        "line": review.order_line,
        "variant": variant_label(review.order_line.attributes),
        "review": review,
        "photos": photos,
    }
    return render(request, "reviews/review_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def review_delete_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _own_review_or_404(request, review_id)
    if request.method == "POST":
        review_delete(user=request.user, review_id=review.pk)
        messages.success(request, gettext("Your review and its photos are deleted."))
        return redirect("reviews:mine")
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


@login_required
@require_http_methods(["GET", "POST"])
@redirect_on_domain_error(_reviews_of_product_of)
def review_report_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_get_visible(review_id=review_id, user=request.user)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_report(user=request.user, review_id=review.pk, **form.cleaned_data)
        messages.success(request, gettext("Thank you: the moderators will look at this review."))
        return _back_to_product(request, review.product.slug)
    context = {"form": form, "review": review}
    return render(request, "reviews/review_report.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
@redirect_on_domain_error(_reviews_of_product_of)
def review_helpful_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_get_visible(review_id=review_id, user=request.user)
    review_mark_helpful(user=request.user, review_id=review.pk)
    messages.success(request, gettext("Thank you for your feedback."))
    return _back_to_product(request, review.product.slug)
