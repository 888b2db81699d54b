"""Reviews API views. Reading needs no account (promise A1); writing needs the buyer's account.

Another shopper's review that is not published answers 404 exactly like a review that does not exist.
"""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import Access, ApiMixin, ApiView
from core.errors import DomainError
from shop.reviews.api.serializers import (
    AlreadyReviewedErrorSerializer,
    HelpfulCountSerializer,
    OwnReviewSerializer,
    ReviewCreateMultipartSerializer,
    ReviewCreateSerializer,
    ReviewForReaderSerializer,
    ReviewReportCreatedSerializer,
    ReviewReportSerializer,
    ReviewSerializer,
    ReviewUpdateMultipartSerializer,
    ReviewUpdateSerializer,
)
from shop.reviews.selectors import (
    DEFAULT_REVIEW_ORDERING,
    REVIEW_ORDERINGS,
    product_for_reviews,
    review_get_visible,
    review_own_get,
    reviews_of_user,
    reviews_published,
)
from shop.reviews.services.feedback import review_mark_helpful, review_report
from shop.reviews.services.reviews import review_create, review_delete, review_update

TAGS = ["reviews"]
_IMAGE_PARTS = ("images", "images[]")
_FORBIDDEN = (
    "`not_authenticated`, `permission_denied` (no CSRF token with a website session), `policy_acceptance_required`"
)
_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="`not_found`: no such review, or another shopper's review that is not published."
)
_INVALID = OpenApiResponse(
    ErrorSerializer,
    description="`invalid`: a field is missing or wrong (`fields.<name>`): `rating` (1 to 5), `text` (length "
    "limits), `images` (at most 5 photos, each a JPEG, PNG or WebP image within the size and dimension limits; "
    "messages name the photo by position), `order_line` (a purchase of another product), `remove_images`.",
)


def _uploads(request: Request) -> list:
    return [upload for part in _IMAGE_PARTS for upload in request.FILES.getlist(part)]


def _own(request: Request, review_id: int) -> dict:
    review = review_own_get(user=request.user, review_id=review_id)
    return OwnReviewSerializer(review, context={"request": request}).data


class ProductReviewsView(ApiMixin, generics.ListAPIView):
    access = Access.PUBLIC_READ
    # Counts only POST-type requests: reading reviews is never limited.
    throttle_scope = "review_post"
    serializer_class = ReviewSerializer
    filter_backends = []

    def get_queryset(self):
        ordering = self.request.query_params.get("ordering") or DEFAULT_REVIEW_ORDERING
        if ordering not in REVIEW_ORDERINGS:
            raise DomainError(code="invalid", fields={"ordering": [f"Choose one of: {', '.join(REVIEW_ORDERINGS)}."]})
        product = product_for_reviews(slug=self.kwargs["slug"])
        return reviews_published(product_id=product.pk, ordering=ordering)

    @extend_schema(
        operation_id="product_reviews_list",
        tags=TAGS,
        summary="A product's published reviews",
        description=(
            "Paginated (`page`, `page_size` up to 100). `ordering`: "
            + ", ".join(f"`{key}` ({label.lower()})" for key, label in REVIEW_ORDERINGS.items())
            + f"; default `{DEFAULT_REVIEW_ORDERING}`. Each review shows its author's nickname and avatar only. "
            "The product's rating summary is on the product itself (`GET /api/v1/products/{slug}/`)."
        ),
        parameters=[OpenApiParameter("ordering", str, enum=list(REVIEW_ORDERINGS), description="Sort order.")],
        responses={
            200: ReviewSerializer(many=True),
            400: error_response("invalid"),
            404: error_response("not_found"),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="product_reviews_create",
        tags=TAGS,
        summary="Review a product you bought",
        description=(
            "Reviews one line of your delivered or completed order of this product: one review per line. "
            "Send JSON, or `multipart/form-data` to attach up to 5 photos (`images` or `images[]`); photos "
            "are stored re-encoded, without metadata such as a GPS position. Depending on the shop's "
            "moderation setting the review is `published` at once or `pending` until staff approve it."
        ),
        request={
            "application/json": ReviewCreateSerializer,
            "multipart/form-data": ReviewCreateMultipartSerializer,
        },
        responses={
            201: OwnReviewSerializer,
            400: _INVALID,
            403: OpenApiResponse(
                ErrorSerializer,
                description="`not_a_buyer`: the line is not yours, or its order is not delivered yet. "
                "`guardian_consent_required`: an account under 18 without a guardian's consent. " + _FORBIDDEN + ".",
            ),
            404: error_response("not_found"),
            409: OpenApiResponse(
                AlreadyReviewedErrorSerializer,
                description="`already_reviewed`: this order line has its review (`review`); edit it instead.",
                examples=[
                    OpenApiExample(
                        "already_reviewed",
                        value={
                            "code": "already_reviewed",
                            "detail": "You have already reviewed this purchase; edit your review instead.",
                            "fields": {},
                            "review": 12,
                        },
                    )
                ],
            ),
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        product = product_for_reviews(slug=slug)
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = review_create(
            user=request.user,
            product_id=product.pk,
            order_line_id=data["order_line"],
            rating=data["rating"],
            text=data["text"],
            images=_uploads(request),
        )
        return Response(_own(request, review.pk), status=status.HTTP_201_CREATED)


class MyReviewsView(ApiMixin, generics.ListAPIView):
    serializer_class = OwnReviewSerializer
    filter_backends = []

    def get_queryset(self):
        return reviews_of_user(user=self.request.user)

    @extend_schema(
        operation_id="reviews_mine",
        tags=TAGS,
        summary="Your reviews",
        description="Newest first, in every status, with the reason when staff rejected or hid one. Paginated.",
        responses={
            200: OwnReviewSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description=_FORBIDDEN + "."),
            404: error_response("not_found"),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ReviewDetailView(ApiView):
    access = Access.PUBLIC_READ
    # Editing is limited like posting (shared with the website's form); reading and deleting are not.
    throttle_scope = "review_edit"
    throttle_methods = frozenset({"PATCH", "PUT"})

    @extend_schema(
        operation_id="reviews_retrieve",
        tags=TAGS,
        summary="One review",
        description="Anyone sees a published review; its author also sees it in any other status, with its "
        "`status` and, when staff rejected or hid it, the `moderation_reason`.",
        responses={
            200: ReviewForReaderSerializer,
            404: _NOT_FOUND,
        },
    )
    def get(self, request: Request, review_id: int) -> Response:
        review = review_get_visible(review_id=review_id, user=request.user)
        serializer_class = OwnReviewSerializer if review.user_id == request.user.pk else ReviewSerializer
        return Response(serializer_class(review, context={"request": request}).data)

    @extend_schema(
        operation_id="reviews_update",
        tags=TAGS,
        summary="Edit your review",
        description=(
            "Within the edit window after posting (`editable_until`). Send only what changes: `rating`, "
            "`text`, photos to drop (`remove_images`), and, as `multipart/form-data`, photos to add "
            "(`images`). Under approve-first moderation, or after staff rejected or hid it, the edited review "
            "waits for approval again."
        ),
        request={
            "application/json": ReviewUpdateSerializer,
            "multipart/form-data": ReviewUpdateMultipartSerializer,
        },
        responses={
            200: OwnReviewSerializer,
            400: _INVALID,
            403: OpenApiResponse(
                ErrorSerializer,
                description="`edit_window_closed`: too late to edit (deleting is still possible). "
                "`guardian_consent_required`. " + _FORBIDDEN + ".",
            ),
            404: _NOT_FOUND,
        },
    )
    def patch(self, request: Request, review_id: int) -> Response:
        serializer = ReviewUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review_update(
            user=request.user,
            review_id=review_id,
            rating=data.get("rating"),
            text=data.get("text"),
            images=_uploads(request),
            remove_image_ids=data.get("remove_images", ()),
        )
        return Response(_own(request, review_id))

    @extend_schema(
        operation_id="reviews_destroy",
        tags=TAGS,
        summary="Delete your review",
        description="At any time. The text goes at once and the photos are deleted from storage.",
        responses={
            204: OpenApiResponse(description="Deleted."),
            404: _NOT_FOUND,
        },
    )
    def delete(self, request: Request, review_id: int) -> Response:
        review_delete(user=request.user, review_id=review_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewReportView(ApiView):
    @extend_schema(
        operation_id="reviews_report",
        tags=TAGS,
        summary="Report a review to the moderators",
        description="Once per review, with a `reason` from the list and an optional `note`.",
        request=ReviewReportSerializer,
        responses={
            201: ReviewReportCreatedSerializer,
            400: error_response("invalid"),
            403: OpenApiResponse(ErrorSerializer, description="`own_review`: it is your review. " + _FORBIDDEN + "."),
            404: _NOT_FOUND,
            409: error_response("already_reported"),
        },
    )
    def post(self, request: Request, review_id: int) -> Response:
        serializer = ReviewReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = review_report(user=request.user, review_id=review_id, **serializer.validated_data)
        return Response(ReviewReportCreatedSerializer(report).data, status=status.HTTP_201_CREATED)


class ReviewHelpfulView(ApiView):
    @extend_schema(
        operation_id="reviews_helpful",
        tags=TAGS,
        summary="Mark a review as helpful",
        description="Once per review. Reviews can be listed most helpful first (`ordering=helpful`).",
        request=None,
        responses={
            200: HelpfulCountSerializer,
            403: OpenApiResponse(ErrorSerializer, description="`own_review`: it is your review. " + _FORBIDDEN + "."),
            404: _NOT_FOUND,
            409: error_response("already_voted"),
        },
    )
    def post(self, request: Request, review_id: int) -> Response:
        return Response({"helpful_count": review_mark_helpful(user=request.user, review_id=review_id)})
