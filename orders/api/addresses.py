"""Address-book API: ``/api/v1/addresses/`` and ``/api/v1/addresses/{id}/``; the caller's own only."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import ApiView
from orders.api.serializers import AddressInputSerializer, AddressSerializer, AddressUpdateSerializer
from orders.selectors.addresses import address_get, address_list
from orders.services.addresses import address_create, address_delete, address_update

_INVALID = OpenApiResponse(
    response=ErrorSerializer,
    description="`invalid`: a field is missing or wrong (`fields.<name>`), e.g. `fields.phone` for a phone "
    "number that is neither a China mobile number nor an international + number.",
)
_NOT_FOUND = error_response("not_found")


class AddressListView(ApiView):
    @extend_schema(
        operation_id="addresses_list",
        tags=["addresses"],
        summary="Your address book",
        description="The default address first. Phone and street are shown in full: they are your own.",
        responses={200: AddressSerializer(many=True)},
    )
    def get(self, request):
        return Response(AddressSerializer(address_list(user=request.user), many=True).data)

    @extend_schema(
        operation_id="addresses_create",
        tags=["addresses"],
        summary="Add an address",
        description="Your first address becomes the default; `is_default: true` moves the default here.",
        request=AddressInputSerializer,
        responses={201: AddressSerializer, 400: _INVALID},
    )
    def post(self, request):
        serializer = AddressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = address_create(user=request.user, **serializer.validated_data)
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailView(ApiView):
    @extend_schema(
        operation_id="addresses_retrieve",
        tags=["addresses"],
        summary="One of your addresses",
        responses={200: AddressSerializer, 404: _NOT_FOUND},
    )
    def get(self, request, address_id: int):
        return Response(AddressSerializer(address_get(user=request.user, address_id=address_id)).data)

    @extend_schema(
        operation_id="addresses_partial_update",
        tags=["addresses"],
        summary="Change an address",
        description="Send only the fields to change. `is_default: true` makes it the default; the default "
        "cannot be unset directly (make another address the default instead).",
        request=AddressUpdateSerializer,
        responses={200: AddressSerializer, 400: _INVALID, 404: _NOT_FOUND},
    )
    def patch(self, request, address_id: int):
        address = address_get(user=request.user, address_id=address_id)
        serializer = AddressUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = address_update(address=address, **serializer.validated_data)
        return Response(AddressSerializer(address).data)

    @extend_schema(
        operation_id="addresses_destroy",
        tags=["addresses"],
        summary="Delete an address",
        description="Orders keep their own copy of the address. Deleting the default makes the most recently "
        "changed other address the default.",
        responses={204: OpenApiResponse(description="Deleted."), 404: _NOT_FOUND},
    )
    def delete(self, request, address_id: int):
        address_delete(address=address_get(user=request.user, address_id=address_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
