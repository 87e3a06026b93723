using System.Text.Json.Serialization;

namespace Inventory.Domain.Marketplace.Amazon;

// The shapes of Amazon's Vendor Direct Fulfillment models (amzn/selling-partner-api-models), in their
// own names, reduced to the fields this product reads or sends. Orders and acknowledgements:
// vendorDirectFulfillmentOrders_2021-12-28.json; labels: vendorDirectFulfillmentShipping_2021-12-28.json;
// inventory: vendorDirectFulfillmentInventoryV1.json .

internal sealed record OrderList(Pagination? Pagination, IReadOnlyList<PurchaseOrder>? Orders);

internal sealed record Pagination(string? NextToken);

internal sealed record PurchaseOrder(string? PurchaseOrderNumber, OrderDetails? OrderDetails);

internal sealed record OrderDetails(
    string? CustomerOrderNumber, DateTimeOffset? OrderDate, string? OrderStatus, ShipmentDetails? ShipmentDetails,
    PartyIdentification? SellingParty, PartyIdentification? ShipFromParty, IReadOnlyList<OrderItem>? Items);

internal sealed record ShipmentDetails(string? ShipMethod, ShipmentDates? ShipmentDates, bool? IsPslipRequired = null);

internal sealed record ShipmentDates(DateTimeOffset? RequiredShipDate, DateTimeOffset? PromisedDeliveryDate);

internal sealed record OrderItem(
    string? ItemSequenceNumber, string? BuyerProductIdentifier, string? VendorProductIdentifier, string? Title, OrderedQuantity? OrderedQuantity,
    Money? NetPrice = null, TaxItemDetails? TaxDetails = null);

// Amounts are Amazon's Decimal: a string, so no precision is lost on the way.
internal sealed record Money(string? CurrencyCode, string? Amount);

internal sealed record TaxItemDetails(IReadOnlyList<OrderTaxDetails>? TaxLineItem);

internal sealed record OrderTaxDetails(Money? TaxAmount);

// A quantity as Amazon sends it: amount may be missing in a malformed order, which intake then refuses.
internal sealed record OrderedQuantity(long? Amount, string? UnitOfMeasure);

internal sealed record SubmitAcknowledgementRequest(IReadOnlyList<OrderAcknowledgementItem> OrderAcknowledgements);

internal sealed record OrderAcknowledgementItem(
    string PurchaseOrderNumber, string VendorOrderNumber, DateTime AcknowledgementDate, AcknowledgementStatus AcknowledgementStatus,
    PartyIdentification SellingParty, PartyIdentification ShipFromParty, IReadOnlyList<OrderItemAcknowledgement> ItemAcknowledgements);

internal sealed record AcknowledgementStatus(string Code, string Description);

internal sealed record OrderItemAcknowledgement(
    string ItemSequenceNumber, string? BuyerProductIdentifier, string? VendorProductIdentifier, ItemQuantity AcknowledgedQuantity);

internal sealed record TransactionReference(string? TransactionId);

internal sealed record SubmitInventoryUpdateResponse(TransactionReference? Payload);

internal sealed record CreateShippingLabelsRequest(PartyIdentification SellingParty, PartyIdentification ShipFromParty);

internal sealed record ShippingLabelAnswer(string? PurchaseOrderNumber, string? LabelFormat, IReadOnlyList<LabelData>? LabelData);

internal sealed record LabelData(string? PackageIdentifier, string? TrackingNumber, string? ShipMethod, string? ShipMethodName, string? Content);

// getPackingSlip answers the model's PackingSlip: the slip as a Base64 PDF.
internal sealed record PackingSlip(string? PurchaseOrderNumber, string? Content, string? ContentType);

internal sealed record ErrorList(IReadOnlyList<Error>? Errors);

// Transactions (vendorDirectFulfillmentTransactions_2021-12-28.json): getTransactionStatus answers the
// model's TransactionStatus, whose transactionStatus is a Transaction (status Failure, Processing or Success).
internal sealed record TransactionStatusAnswer(Transaction? TransactionStatus);

internal sealed record Transaction(string? TransactionId, string? Status, ErrorList? Errors);

internal sealed record Error(string? Code, string? Message, string? Details);

// The Tokens API (tokens_2021-03-01.json): a Restricted Data Token for an operation that returns
// customers' personal data (getOrders, createShippingLabels, getPackingSlip).
internal sealed record CreateRestrictedDataTokenRequest(IReadOnlyList<RestrictedResource> RestrictedResources);

internal sealed record RestrictedResource(string Method, string Path);

internal sealed record CreateRestrictedDataTokenResponse(string? RestrictedDataToken, int ExpiresIn);

/// <summary>Login with Amazon's answer to the refresh-token grant.</summary>
internal sealed record LwaToken(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

internal sealed record LwaError(
    [property: JsonPropertyName("error")] string? Code,
    [property: JsonPropertyName("error_description")] string? Description);

// Shipment confirmations (vendorDirectFulfillmentShipping_2021-12-28.json, submitShipmentConfirmations).
internal sealed record SubmitShipmentConfirmationsRequest(IReadOnlyList<ShipmentConfirmation> ShipmentConfirmations);

internal sealed record ShipmentConfirmation(
    string PurchaseOrderNumber, ShipmentConfirmationDetails ShipmentDetails, PartyIdentification SellingParty, PartyIdentification ShipFromParty,
    IReadOnlyList<ShippedItem> Items, IReadOnlyList<Container>? Containers);

internal sealed record ShipmentConfirmationDetails(DateTime ShippedDate, string ShipmentStatus, string? VendorOrderNumber);

internal sealed record ShippedItem(int ItemSequenceNumber, string? BuyerProductIdentifier, string VendorProductIdentifier, ItemQuantity ShippedQuantity);

// containerSequenceNumber: the model asks for it on multi-box shipments only.
internal sealed record Container(
    string ContainerType, string ContainerIdentifier, string? TrackingNumber, string? ShipMethod, Weight Weight, IReadOnlyList<PackedItem> PackedItems,
    int? ContainerSequenceNumber = null);

internal sealed record Weight(string UnitOfMeasure, string Value);

internal sealed record PackedItem(int ItemSequenceNumber, string? BuyerProductIdentifier, string VendorProductIdentifier, ItemQuantity PackedQuantity);

// Invoices (vendorDirectFulfillmentPaymentsV1.json, submitInvoice).
internal sealed record SubmitInvoiceRequest(IReadOnlyList<InvoiceDetail> Invoices);

internal sealed record InvoiceDetail(
    string InvoiceNumber, DateTime InvoiceDate, PartyIdentification RemitToParty, PartyIdentification ShipFromParty, Money InvoiceTotal,
    IReadOnlyList<InvoiceTaxDetail>? TaxTotals, IReadOnlyList<InvoiceItem> Items);

internal sealed record InvoiceItem(
    string ItemSequenceNumber, string? BuyerProductIdentifier, string VendorProductIdentifier, ItemQuantity InvoicedQuantity, Money NetCost,
    string PurchaseOrderNumber, IReadOnlyList<InvoiceTaxDetail>? TaxDetails);

internal sealed record InvoiceTaxDetail(string TaxType, Money TaxAmount);

internal sealed record SubmitInvoiceResponse(TransactionReference? Payload);

// The request body of submitInventoryUpdate (vendorDirectFulfillmentInventoryV1.json), in its own names.
internal sealed record SubmitInventoryUpdateRequest(InventoryUpdate Inventory);

internal sealed record InventoryUpdate(PartyIdentification SellingParty, bool IsFullUpdate, IReadOnlyList<ItemDetails> Items);

internal sealed record PartyIdentification(string PartyId);

internal sealed record ItemDetails(string VendorProductIdentifier, ItemQuantity AvailableQuantity);

internal sealed record ItemQuantity(int Amount, string UnitOfMeasure);
