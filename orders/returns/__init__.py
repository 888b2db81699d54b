"""Returns: a shopper asks to send back lines of a delivered order within the return window; staff
approve (a courier is booked to collect the parcel) or reject; receiving the parcel restocks and refunds
the returned lines. Sits above ``orders`` (it imports the order models and services, never the reverse
except for the read-only ``line_returnable_quantity`` the order API shows)."""
