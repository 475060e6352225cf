// PresenceBridge on Azure: a Linux App Service plan with two instances (Node 24) runs the release artefact
// (`npm run release`, uploaded by teamsapp.yml's deploy) as two replicas sharing an Azure Database for
// PostgreSQL Flexible Server, the tenants spread over them (a lease per tenant; README.md). NOT DONE for App
// Service: instances do not reach each other by address, so a request for a tenant the other instance runs is
// relayed only with VNet integration and PB_INTERNAL_URL (not in this template); otherwise it is answered 503 with
// Retry-After and succeeds when the retry lands on the instance that runs it; the secrets live in a Key Vault and reach the app as Key Vault
// references. The same App Service serves the admin tab at /tab/ and the bot at /api/messages.
// Outputs are written to env/.env.<env> by the toolkit. The app settings below are the service's own
// (src/config.ts; test/deploy/deployment-settings.test.ts checks every name) and App Service's (WEBSITE_*, SCM_*).

@maxLength(20)
@minLength(4)
@description('Base name of every resource: lower-case letters and digits.')
param resourceBaseName string

@description('App Service plan SKU: Basic or higher (Always On, health check, two instances).')
param webAppSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('App Service instances: the tenants are spread over them; one that stops hands its tenants to the others.')
param instanceCount int = 2

@description('The operator\'s own tenant (PB_TENANT_ID): the home tenant of the app registration.')
param operatorTenantId string

@description('Client id of the multi-tenant app registration (SSO and Graph).')
param aadAppClientId string

@secure()
@description('Client secret of that app registration (stored in the Key Vault).')
param aadAppClientSecret string

@description('Client id of the bot app registration.')
param botAadAppClientId string

@secure()
@description('Client secret of the bot app registration (stored in the Key Vault).')
param botAadAppClientSecret string

@description('The bot registration\'s tenant for a single-tenant bot (PB_BOT_TENANT_ID); empty for a multi-tenant one.')
param botTenantId string = ''

@description('Object id of an Entra group whose members may administer PresenceBridge (PB_ADMIN_GROUP_ID); empty for none.')
param adminGroupId string = ''

@secure()
@description('Key that encrypts stored secrets (PB_SECRET_KEY): 32 random bytes, base64. Keep it: without it the stored secrets cannot be read.')
param secretKey string

@description('Administrator login of the PostgreSQL server.')
param postgresAdminLogin string = 'presencebridge'

@secure()
@description('Administrator password of the PostgreSQL server (stored in the Key Vault inside PB_DATABASE_URL).')
param postgresAdminPassword string

param location string = resourceGroup().location

var webAppName = resourceBaseName
var databaseName = 'presence_bridge'
// Key Vault Secrets User: read secret values (what a Key Vault reference needs).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    // No ARR affinity cookie: every request may go to whichever instance is ready.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      // The release artefact's start: the bundle on plain Node, nothing built at start (the Dockerfile's CMD too).
      appCommandLine: 'node --max-old-space-size=512 --max-semi-space-size=8 --optimize-for-size dist/cli.js start'
      // Readiness: an instance answers 200 once it serves (503 while it starts), so the load balancer sends
      // traffic only to instances that serve (README: "Azure: the health check").
      healthCheckPath: '/readyz'
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${resourceBaseName}-kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${resourceBaseName}-pg'
  location: location
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// "Allow public access from any Azure service": the App Service's outbound addresses are not fixed.
// It admits any Azure customer's traffic to the login prompt; put both in a virtual network to close it.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource clientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'client-secret'
  properties: {
    value: aadAppClientSecret
  }
}

resource botPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-password'
  properties: {
    value: botAadAppClientSecret
  }
}

resource secretKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'secret-key'
  properties: {
    value: secretKey
  }
}

// The whole URL is the secret: it carries the database password. TLS is verified (Flexible Server enforces TLS).
resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=verify-full'
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, webApp.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The app settings: the service's own (src/config.ts) and App Service's (WEBSITE_*, SCM_*).
var serviceSettings = {
  HOST: '0.0.0.0'
  PB_DATA_DIR: '/tmp/presence-bridge'
  PB_TENANT_ID: operatorTenantId
  PB_CLIENT_ID: aadAppClientId
  PB_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${clientSecret.properties.secretUri})'
  PB_SECRET_KEY: '@Microsoft.KeyVault(SecretUri=${secretKeySecret.properties.secretUri})'
  PB_DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${databaseUrl.properties.secretUri})'
  PB_ALLOW_NEW_TENANTS: 'true'
  PB_SSO_APP_ID_URI: 'api://${webApp.properties.defaultHostName}/${aadAppClientId}'
  PB_BOT_APP_ID: botAadAppClientId
  PB_BOT_APP_PASSWORD: '@Microsoft.KeyVault(SecretUri=${botPassword.properties.secretUri})'
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  WEBSITE_HEALTHCHECK_MAXPINGFAILURES: '2'
  WEBSITES_CONTAINER_STOP_TIME_LIMIT: '30'
}
var optionalSettings = union(empty(botTenantId) ? {} : { PB_BOT_TENANT_ID: botTenantId }, empty(adminGroupId) ? {} : { PB_ADMIN_GROUP_ID: adminGroupId })

// The settings, once the identity may read the vault (a reference that cannot resolve stays literal text,
// which the service refuses at start naming the setting).
resource appSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  dependsOn: [
    appReadsSecrets
    database
    allowAzure
  ]
  properties: union(serviceSettings, optionalSettings)
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
