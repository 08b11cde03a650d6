namespace Transporter.Store.Admin.Garage;

internal sealed record GarageQuotas(long? MaxSize, long? MaxObjects);
