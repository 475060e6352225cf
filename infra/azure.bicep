// PresenceBridge on Azure: one Linux App Service (Node 24) runs the service, serves the admin tab at /tab/
// and receives the bot's messages at /api/messages. Outputs are written to env/.env.<env> by the toolkit.

@maxLength(20)
@minLength(4)
@description('Base name of every resource: letters and digits.')
param resourceBaseName string

@description('App Service plan SKU. B1 is the smallest with "Always On", which the polling loop needs.')
param webAppSku string = 'B1'

@description('Client id of the multi-tenant app registration (SSO and Graph).')
param aadAppClientId string

@secure()
@description('Client secret of that app registration.')
param aadAppClientSecret string

@description('Client id of the bot app registration.')
param botAadAppClientId string

@secure()
@description('Client secret of the bot app registration.')
param botAadAppClientSecret string

@secure()
@description('Key that encrypts stored secrets (PB_SECRET_KEY): 32 random bytes, base64. Keep it: without it the stored secrets cannot be read.')
param secretKey string

param location string = resourceGroup().location

var serverfarmsName = resourceBaseName
var webAppName = resourceBaseName

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appCommandLine: 'npm start'
      appSettings: [
        { name: 'PORT', value: '8080' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'PB_DATA_DIR', value: '/home/data' }
        { name: 'PB_SECRET_KEY', value: secretKey }
        { name: 'PB_CLIENT_ID', value: aadAppClientId }
        { name: 'PB_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'PB_SSO_APP_ID_URI', value: 'api://${webAppName}.azurewebsites.net/${aadAppClientId}' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
